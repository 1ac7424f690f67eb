// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
import Traffik

@Suite struct DenyCacheTests {
    let clock = ManualClock()
    let rate: Rate

    init() throws { rate = try Rate(parsing: "5/min") }

    @Test func aClientHammeringPastItsLimitCostsTheStoreNothingUntilItsWaitEnds() async throws {
        let primary = FlakyBackend(clock: clock)
        let cache = DenyCache(clock: clock)
        let backend = ResilientBackend(primary, breaker: nil, denyCache: cache, clock: clock)
        clock.set(microseconds: 1_700_000_020_000_000)  // 40 s into a minute: the window ends in 20 s
        var admitted = 0
        for _ in 0..<1_000 {
            let decision = try await backend.decide(key: "k", strategy: .fixedWindow, rate: rate, cost: 1, commit: true)
            if decision.isAllowed { admitted += 1 } else { #expect(decision.retryAfter == .seconds(20)) }
        }
        #expect(admitted == 5)
        // Five admissions and the first refusal reached the store; the other 994 were refused locally.
        #expect(primary.callCount == 6)
        #expect(cache.refusedLocally == 994)
        clock.advance(by: .seconds(15))
        let later = try await backend.decide(key: "k", strategy: .fixedWindow, rate: rate, cost: 1, commit: true)
        #expect(later.retryAfter == .seconds(5))
        #expect(primary.callCount == 6)
        // When the wait is over the store decides again, and the next window admits.
        clock.advance(by: .seconds(5))
        #expect(try await backend.decide(key: "k", strategy: .fixedWindow, rate: rate, cost: 1, commit: true).isAllowed)
        #expect(primary.callCount == 7)
    }

    @Test func onlyTheSameStrategyRateAndAtLeastTheSameCostAreRefusedLocally() throws {
        let cache = DenyCache(clock: clock)
        let refused = Decision.refused(.strategy, retryAfter: .seconds(10), rate: rate)
        cache.remember(refused, key: "k", strategy: .fixedWindow, rate: rate, cost: 3)
        #expect(cache.refusal(key: "k", strategy: .fixedWindow, rate: rate, cost: 3) != nil)
        #expect(cache.refusal(key: "k", strategy: .fixedWindow, rate: rate, cost: 4) != nil)
        // A cheaper request might pass sooner; another rate or strategy is another budget; a stat sees the store.
        #expect(cache.refusal(key: "k", strategy: .fixedWindow, rate: rate, cost: 2) == nil)
        #expect(cache.refusal(key: "k", strategy: .fixedWindow, rate: try Rate(parsing: "50/min"), cost: 3) == nil)
        #expect(cache.refusal(key: "k", strategy: .slidingWindowCounter, rate: rate, cost: 3) == nil)
        #expect(cache.refusal(key: "k", strategy: .fixedWindow, rate: rate, cost: 0) == nil)
        #expect(cache.refusal(key: "other", strategy: .fixedWindow, rate: rate, cost: 3) == nil)
    }

    @Test func onlyTheStrategysRefusalsWithAWaitAreRemembered() {
        let cache = DenyCache(clock: clock)
        let allowed = Decision.unrestricted(.strategy)
        var never = Decision.refused(.strategy, retryAfter: .seconds(1), rate: rate)
        never.outcome = .exceedsCapacity
        never.retryAfterMicroseconds = -1
        let policy = Decision.refused(.errorPolicy, retryAfter: .seconds(1), rate: rate)
        for decision in [allowed, never, policy] {
            cache.remember(decision, key: "k", strategy: .fixedWindow, rate: rate, cost: 1)
        }
        #expect(cache.count == 0)
    }

    @Test func aClockSteppingBackForgetsTheRefusalRatherThanStretchingIt() {
        let cache = DenyCache(clock: clock)
        cache.remember(
            Decision.refused(.strategy, retryAfter: .seconds(10), rate: rate),
            key: "k",
            strategy: .fixedWindow,
            rate: rate,
            cost: 1
        )
        clock.advance(by: .seconds(-1))
        #expect(cache.refusal(key: "k", strategy: .fixedWindow, rate: rate, cost: 1) == nil)
    }

    @Test func memoryIsBoundedAndTheOldestRefusalIsForgottenFirst() {
        let cache = DenyCache(capacity: 64, shards: 1, clock: clock)
        let refused = Decision.refused(.strategy, retryAfter: .seconds(60), rate: rate)
        for index in 0..<10_000 {
            cache.remember(refused, key: "k\(index)", strategy: .fixedWindow, rate: rate, cost: 1)
            #expect(cache.count <= 64)
        }
        #expect(cache.refusal(key: "k9999", strategy: .fixedWindow, rate: rate, cost: 1) != nil)
        #expect(cache.refusal(key: "k9936", strategy: .fixedWindow, rate: rate, cost: 1) != nil)
        #expect(cache.refusal(key: "k9935", strategy: .fixedWindow, rate: rate, cost: 1) == nil)
    }

    @Test func resetForgetsEveryRefusal() async throws {
        let primary = FlakyBackend(clock: clock)
        let cache = DenyCache(clock: clock)
        let backend = ResilientBackend(primary, breaker: nil, denyCache: cache, clock: clock)
        for _ in 0..<6 { _ = try await backend.decide(key: "k", strategy: .gcra(), rate: rate, cost: 1, commit: true) }
        #expect(cache.count == 1)
        try await backend.reset()
        #expect(cache.count == 0)
        #expect(try await backend.decide(key: "k", strategy: .gcra(), rate: rate, cost: 1, commit: true).isAllowed)
    }
}
