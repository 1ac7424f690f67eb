import ArgumentParser

/// The framework `serve` runs the demo on: both serve the same routes.
enum Framework: String, CaseIterable, ExpressibleByArgument, Sendable {
    case hummingbird, vapor
}
