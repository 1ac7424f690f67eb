// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Traffik

/// A built-in strategy named as the library names it (``Strategy/name``), with the parameters the runs use.
struct StrategyArgument: ExpressibleByArgument, Sendable {
    /// The strategy's name, such as `token-bucket`.
    let name: String

    /// Every built-in strategy, in the library's order.
    static let all = Strategy.builtIns.map { StrategyArgument(name: $0.name) }

    static var allValueStrings: [String] { all.map(\.name) }

    private init(name: String) { self.name = name }

    init?(argument: String) {
        guard Strategy.builtIns.contains(where: { $0.name == argument }) else { return nil }
        self.name = argument
    }

    /// The strategy at `rate`, with GCRA's tolerance set so that `rate.limit` requests pass at once like the others.
    func strategy(for rate: Rate) -> Strategy {
        if name == Strategy.gcra().name {
            let interval = rate.periodMicroseconds / Int64(rate.limit)
            return .gcra(burstTolerance: .microseconds(interval * Int64(rate.limit - 1)))
        }
        return Strategy.builtIns.first { $0.name == name }!
    }
}
