// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import Testing
import Traffik

@testable import TraffikRedis

/// The contract between the backend and its scripts is written once, in Swift: the Lua side reads every position,
/// code, tag and length from it.
@Suite struct ScriptContractTests {
    static let strategyScripts: [RedisScript] = [.fixedWindow, .slidingWindowCounter, .slidingWindowLog, .bucket]

    @Test(arguments: strategyScripts)
    func noStrategyScriptWritesAContractNumberByHand(_ script: RedisScript) throws {
        let source = script.source
        #expect(source.contains("local ARG_LIMIT = 1"))
        let handWritten = try Regex(
            #"ARGV\[[0-9]+\]|decision\([0-9]|tag == [0-9]|#raw >= [0-9]|struct\.pack\('[^']*', [0-9]"#
        )
        #expect(source.firstMatch(of: handWritten) == nil, "\(script) names a contract number by hand")
    }

    @Test func theLuaConstantsAreTheSwiftValues() {
        let lua = ScriptContract.luaDeclarations
        #expect(lua.contains("local FIXED_WINDOW_TAG = \(FixedWindow.State.formatTag)"))
        #expect(lua.contains("local BUCKET_TAG = \(BucketState.formatTag)"))
        #expect(lua.contains("local FIXED_WINDOW_LENGTH = 17"))
        #expect(lua.contains("local SLIDING_WINDOW_COUNTER_LENGTH = 25"))
        #expect(lua.contains("local SLIDING_WINDOW_LOG_ENTRY_LENGTH = 16"))
        #expect(lua.contains("local ARG_REPORTS_DELAY = 8"))
        #expect(lua.contains("local VIRTUAL_CLOCK_RETENTION_MS = 3600000"))
    }

    @Test func argumentsComeInTheirPositions() throws {
        let rate = try Rate.perMinute(7)
        let plain = ScriptContract.arguments(rate: rate, cost: 2, commit: true, now: nil)
        #expect(plain.count == ScriptContract.Argument.now.rawValue)
        #expect(plain[ScriptContract.Argument.limit.rawValue - 1] == RESPArgument(7))
        #expect(plain[ScriptContract.Argument.cost.rawValue - 1] == RESPArgument(2))
        #expect(plain[ScriptContract.Argument.now.rawValue - 1] == "")
        let bucket = ScriptContract.arguments(
            rate: rate,
            cost: 1,
            commit: false,
            now: 42,
            bucket: (capacity: 9, limit: 3, reportsDelay: true)
        )
        #expect(bucket.count == ScriptContract.Argument.allCases.count)
        #expect(bucket[ScriptContract.Argument.commit.rawValue - 1] == "0")
        #expect(bucket[ScriptContract.Argument.now.rawValue - 1] == RESPArgument(42))
        #expect(bucket[ScriptContract.Argument.capacity.rawValue - 1] == RESPArgument(9))
        #expect(bucket[ScriptContract.Argument.reportsDelay.rawValue - 1] == "1")
    }

    @Test func outcomeCodesRoundTripAndAnUnknownCodeNeverAdmits() {
        for outcome in [Decision.Outcome.allowed, .throttled, .exceedsCapacity] {
            #expect(ScriptContract.outcome(code: ScriptContract.code(of: outcome)) == outcome)
        }
        for code: Int64 in [-1, 3, .max, .min] { #expect(ScriptContract.outcome(code: code) == .exceedsCapacity) }
    }
}
