// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
@_spi(Backend) import Traffik
import TraffikTestSupport

/// The sliding-window log's cap, and strategy parameters out of range: clear thrown errors, at construction for a
/// fixed rate and through the error policy for a computed one, never a trap.
@Suite struct StrategyValidationTests {
    let clock = ManualClock(microseconds: 1_700_000_040_000_000)

    @Test func theSlidingWindowLogTakesLimitsUpToItsCap() throws {
        try Strategy.slidingWindowLog.validate(Rate(limit: SlidingWindowLog.maximumLimit, period: .seconds(60)))
        let error = #expect(throws: StrategyError.self) {
            try Strategy.slidingWindowLog.validate(Rate(limit: SlidingWindowLog.maximumLimit + 1, period: .seconds(60)))
        }
        let message = "\(error!)"
        #expect(message.contains("\(SlidingWindowLog.maximumLimit)"))
        #expect(message.contains("slidingWindowCounter") && message.contains("gcra"))
        // Every other built-in takes the same rate.
        for strategy in Strategy.builtIns where strategy != .slidingWindowLog {
            try strategy.validate(Rate(limit: 1_000_000, period: .seconds(60)))
        }
    }

    /// Every backend runs the same check before its store, so one called directly refuses what a throttle would,
    /// and a resilient backend's breaker does not count a caller's mistake against the store.
    @Test func backendsCalledDirectlyRefuseARateAboveTheCapWithoutTouchingTheStore() async throws {
        let rate = try Rate(limit: SlidingWindowLog.maximumLimit + 1, period: .seconds(60))
        let memory = InMemoryBackend(clock: clock)
        await #expect(throws: StrategyError.self) {
            try await memory.decide(key: "k", strategy: .slidingWindowLog, rate: rate, cost: 1, commit: true)
        }
        #expect(memory.keyCount == 0)
        let resilient = ResilientBackend(
            memory,
            breaker: CircuitBreakerConfiguration(failureThreshold: 1, recoveryTime: .seconds(60)),
            clock: clock
        )
        for _ in 0..<3 {
            await #expect(throws: StrategyError.self) {
                try await resilient.decide(key: "k", strategy: .slidingWindowLog, rate: rate, cost: 1, commit: true)
            }
        }
        #expect(resilient.breaker?.state == .closed)
        let unlimited = try await resilient.decide(
            key: "k",
            strategy: .slidingWindowLog,
            rate: .unlimited,
            cost: 1,
            commit: true
        )
        #expect(unlimited.reason == .unlimited && memory.keyCount == 0)
    }

    @Test func aThrottleWithAFixedRateAboveTheCapFailsWhenBuilt() {
        #expect {
            try Throttle<String>(uid: uniqueUID(), rate: "100000/min", strategy: .slidingWindowLog, backend: .taskLocal)
        } throws: { error in
            guard let strategyError = (error as? ThrottleError)?.strategyError else { return false }
            return strategyError.strategy == "sliding-window-log" && strategyError.rate?.limit == 100_000
        }
        #expect(throws: Never.self) {
            try Throttle<String>(
                uid: uniqueUID(),
                rate: "100000/min",
                strategy: .slidingWindowCounter,
                backend: .taskLocal
            )
        }
    }

    @Test func updatingToARateAboveTheCapFailsAndKeepsTheOldRate() async throws {
        let throttle = try Throttle<String>(
            uid: uniqueUID(),
            rate: "1/min",
            strategy: .slidingWindowLog,
            backend: .fixed(InMemoryBackend(clock: clock))
        )
        #expect(throws: ThrottleError.self) { try throttle.update(rate: "20000/min") }
        #expect(try await throttle.hit("a").limit == 1)
    }

    @Test func aComputedRateAboveTheCapGoesThroughTheErrorPolicy() async throws {
        let backend = InMemoryBackend(clock: clock)
        var closedConfiguration = Throttle<String>.Configuration(
            rate: .computed { _ in try .perMinute(50_000) },
            strategy: .slidingWindowLog
        )
        closedConfiguration.errorPolicy = .throttle(retryAfter: .seconds(2))
        let closed = try Throttle<String>(
            uid: uniqueUID(),
            backend: .fixed(backend),
            configuration: closedConfiguration
        )
        let refused = try await closed.hit("a")
        #expect(refused.reason == .errorPolicy && refused.outcome == .throttled)
        var raisingConfiguration = Throttle<String>.Configuration(
            rate: .computed { _ in try .perMinute(50_000) },
            strategy: .slidingWindowLog
        )
        raisingConfiguration.errorPolicy = .raise
        let raising = try Throttle<String>(
            uid: uniqueUID(),
            backend: .fixed(backend),
            configuration: raisingConfiguration
        )
        await #expect {
            try await raising.hit("a")
        } throws: { error in
            guard let strategyError = (error as? ThrottleError)?.strategyError else { return false }
            return strategyError.rate?.limit == 50_000
        }
        #expect(backend.keyCount == 0, "nothing was decided")
    }

    @Test func aStrategySwappedInAboveTheCapFailsAtDecisionTime() async throws {
        var configuration = Throttle<String>.Configuration(rate: "20000/min")
        configuration.errorPolicy = .raise
        let throttle = try Throttle<String>(
            uid: uniqueUID(),
            backend: .fixed(InMemoryBackend(clock: clock)),
            configuration: configuration
        )
        throttle.update(strategy: .slidingWindowLog)
        await #expect(throws: ThrottleError.self) { try await throttle.hit("a") }
        // The check follows the strategy back: a strategy that can decide the rate decides again.
        throttle.update(strategy: .slidingWindowCounter)
        #expect(try await throttle.hit("a").isAllowed)
    }

    /// Parameters out of range used to trap in the strategies' initialisers; now they fail validation (so a
    /// throttle refuses them when built) and decide as the nearest valid value if a backend is called directly.
    @Test func parametersOutOfRangeAreErrorsNotTraps() throws {
        let rate = try Rate.perMinute(10)
        let bad: [Strategy] = [
            .tokenBucket(burst: 0), .tokenBucket(burst: -3), .tokenBucketWithDebt(burst: 0),
            .tokenBucketWithDebt(maxDebt: -1), .gcra(burstTolerance: .seconds(-1)),
        ]
        for strategy in bad {
            #expect(throws: StrategyError.self, "\(strategy)") { try strategy.validate(rate) }
            #expect {
                try Throttle<String>(uid: uniqueUID(), rate: .fixed(rate), strategy: strategy, backend: .taskLocal)
            } throws: { error in
                (error as? ThrottleError)?.code == .invalidStrategy
            }
            let decision = strategy.decide(encoded: nil, now: clock.nowMicroseconds(), rate: rate, cost: 1).decision
            #expect(decision.isAllowed, "\(strategy)")
        }
        #expect(Strategy.tokenBucket(burst: 0).decide(encoded: nil, now: 0, rate: rate, cost: 1).decision.limit == 1)
    }
}

/// Strategies by the library's names. (GCRA by the burst it lets through is in `GCRATests`.)
@Suite struct StrategyNameTests {
    @Test func everyBuiltInIsFoundByItsName() {
        #expect(Strategy.builtInNames.count == Strategy.builtIns.count)
        for strategy in Strategy.builtIns { #expect(Strategy(named: strategy.name) == strategy) }
        for unknown in ["", "Fixed-Window", "fixed_window", "custom", "gcra "] {
            #expect(Strategy(named: unknown) == nil)
        }
    }

}
