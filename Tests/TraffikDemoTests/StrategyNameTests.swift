// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
import Traffik

@testable import traffik_demo

@Suite("StrategyName")
struct StrategyNameTests {
    @Test("each name builds the library strategy of that name", arguments: StrategyName.allCases)
    func matchesLibrary(name: StrategyName) {
        #expect(StrategyName(named: name.name) == name)
    }

    @Test("the names are the library's built-ins, in its order")
    func builtIns() {
        #expect(StrategyName.allCases.map(\.name) == Strategy.builtIns.map(\.name))
    }

    @Test("parameters reach the strategies that take them")
    func parameters() {
        let parameters = StrategyParameters(burst: 20, maxDebt: 5, tolerance: 500_000)
        #expect(StrategyName.tokenBucket.strategy(with: parameters) == .tokenBucket(burst: 20))
        #expect(
            StrategyName.tokenBucketWithDebt.strategy(with: parameters) == .tokenBucketWithDebt(burst: 20, maxDebt: 5)
        )
        #expect(StrategyName.gcra.strategy(with: parameters) == .gcra(burstTolerance: .milliseconds(500)))
        #expect(StrategyName.fixedWindow.strategy(with: parameters) == .fixedWindow)
    }

    @Test("--strategy reads the eight names and all")
    func choice() {
        #expect(StrategyChoice(argument: "gcra") == .one(.gcra))
        #expect(StrategyChoice(argument: "all")?.names == StrategyName.allCases)
        #expect(StrategyChoice(argument: "GCRA") == nil)
        #expect(StrategyChoice.allValueStrings.count == 9)
    }
}
