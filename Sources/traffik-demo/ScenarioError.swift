// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// A simulation that cannot be run as asked, with a sentence saying why.
struct ScenarioError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    let description: String

    /// Creates an error saying `description`.
    init(_ description: String) {
        self.description = description
    }
}
