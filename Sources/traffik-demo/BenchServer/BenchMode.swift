import ArgumentParser

/// How `/test` is throttled: by a route throttle (the harness's `http` command) or by a middleware with rules (its
/// `middleware` command).
enum BenchMode: String, CaseIterable, Sendable, ExpressibleByArgument {
    case http
    case middleware
}
