// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Traffik

/// A strategy of the tests' own: admits every other request, counting in a state of one integer. Shared stores
/// run it by compare-and-swap, like any strategy they have no twin for.
public struct EveryOther: RateLimitAlgorithm {
    public struct State: StrategyState {
        public static var formatTag: UInt8 { 0x7F }
        var seen: Int64
        init(seen: Int64) { self.seen = seen }
        public init?(from reader: inout StateReader) {
            guard let seen = reader.readInt64() else { return nil }
            self.seen = seen
        }
        public func encode(to writer: inout StateWriter) { writer.write(seen) }
    }

    public init() {}

    public var name: String { "every-other" }

    public func decide(_ state: State?, now: Int64, rate: Rate, cost: Int) -> Transition<State> {
        let seen = (state?.seen ?? 0) + (cost > 0 ? 1 : 0)
        let allowed = seen % 2 == 1 || cost == 0
        return Transition(
            decision: Decision(
                outcome: allowed ? .allowed : .throttled,
                limit: 1,
                remaining: allowed ? 0 : 1,
                retryAfterMicroseconds: allowed ? 0 : 1,
                resetAfterMicroseconds: 0,
                periodMicroseconds: rate.periodMicroseconds
            ),
            state: State(seen: seen),
            // The count matters for ever; ten days outlasts any trace.
            ttlMicroseconds: 864_000_000_000
        )
    }
}
