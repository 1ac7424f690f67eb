import ArgumentParser

/// An option that is either on or off, such as `--breaker on`.
enum HarnessSwitch: String, CaseIterable, Sendable, Codable, ExpressibleByArgument {
    case on
    case off
}
