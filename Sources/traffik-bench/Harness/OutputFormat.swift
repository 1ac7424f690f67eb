import ArgumentParser

/// `--output`: a text table, or JSON for scripts.
enum OutputFormat: String, CaseIterable, Sendable, ExpressibleByArgument {
    case table
    case json
}
