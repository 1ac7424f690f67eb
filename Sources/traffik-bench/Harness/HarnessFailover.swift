import ArgumentParser

/// `--failover`: what decides on the bench server while Redis fails.
enum HarnessFailover: String, CaseIterable, Sendable, Codable, ExpressibleByArgument {
    /// Nothing: the bench throttle's error policy answers.
    case none
    /// An in-memory backend in the server's process.
    case memory
}
