// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Traffik
import TraffikBenchContract

/// A built-in strategy named as the library names it (``Strategy/name``), with the parameters the runs use.
struct StrategyArgument: ExpressibleByArgument, Sendable {
    /// The strategy's name, such as `token-bucket`.
    let name: String

    /// Every built-in strategy, in the library's order.
    static let all = Strategy.builtInNames.map { StrategyArgument(name: $0) }

    static var allValueStrings: [String] { Strategy.builtInNames }

    private init(name: String) { self.name = name }

    init?(argument: String) {
        guard Strategy(named: argument) != nil else { return nil }
        self.name = argument
    }

    /// The strategy at `rate`, as the bench server runs it (``BenchStrategy/named(_:rate:)``).
    func strategy(for rate: Rate) -> Strategy {
        BenchStrategy.named(name, rate: rate) ?? .fixedWindow
    }
}
