// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser

/// The value of `--strategy`: one built-in strategy, or `all` of them side by side.
enum StrategyChoice: Sendable, Hashable, ExpressibleByArgument {
    case one(StrategyName)
    case all

    init?(argument: String) {
        if argument == "all" {
            self = .all
        } else if let name = StrategyName(named: argument) {
            self = .one(name)
        } else {
            return nil
        }
    }

    static var allValueStrings: [String] { StrategyName.allCases.map(\.name) + ["all"] }

    var defaultValueDescription: String {
        switch self {
        case .one(let name): name.name
        case .all: "all"
        }
    }

    /// The strategies to simulate, in the library's order.
    var names: [StrategyName] {
        switch self {
        case .one(let name): [name]
        case .all: StrategyName.allCases
        }
    }
}
