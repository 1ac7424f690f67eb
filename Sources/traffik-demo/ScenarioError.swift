/// A simulation that cannot be run as asked, with a sentence saying why.
struct ScenarioError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    let description: String

    /// Creates an error saying `description`.
    init(_ description: String) {
        self.description = description
    }
}
