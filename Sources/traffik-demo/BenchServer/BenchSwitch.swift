import ArgumentParser

/// An option that is either on or off, such as `--breaker on`.
enum BenchSwitch: String, CaseIterable, Sendable, ExpressibleByArgument {
    case on
    case off

    /// Whether the switch is on.
    var isOn: Bool { self == .on }
}
