// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import BackendConformance
import StoreTestSupport
import Testing
import Traffik

@testable import TraffikMemcached

/// Foreign, corrupt or planted values under a limiter key: a fixed-window counter out of ``StateBounds`` (a number
/// near 2^64, one no rate could count, another application's text) is a fresh window, as on every backend, and
/// never traps; a check never deletes a value it could not decode.
@Suite struct MemcachedPlantedValueTests {
    static let now: Int64 = 1_700_000_000_000_000
    static let tenYears: Int64 = 10 * 365 * 86_400_000_000

    /// The counter key of the window holding the clock's time.
    func windowKey(_ backend: MemcachedBackend, _ key: String, _ clock: ManualClock) async throws -> MemcachedKey {
        let now = clock.nowMicroseconds()
        return MemcachedKey(try await backend.storeKey(key) + "#\(now - now % 60_000_000)")
    }

    @Test(arguments: ["18446744073709551615", "9223372036854775808", "4611686018427387904", "not a number"])
    func aCounterOutOfBoundsIsAFreshWindow(planted: String) async throws {
        try await withMemcached { _, client in
            let clock = ManualClock(microseconds: Self.now)
            let backend = MemcachedBackend(client: client, namespace: "planted", clock: clock)
            let rate = try Rate.perMinute(5)
            let key = try await windowKey(backend, "k", clock)
            try await client.set(key, to: Array(planted.utf8), ttl: .seconds(60))
            // A check reads a fresh window and leaves the value alone.
            let check = try await backend.decide(key: "k", strategy: .fixedWindow, rate: rate, cost: 1, commit: false)
            #expect(check.isAllowed && check.remaining == 4)
            #expect(try await client.get(key)?.value == Array(planted.utf8))
            // A hit replaces it with a fresh counter and counts in it.
            let first = try await backend.decide(key: "k", strategy: .fixedWindow, rate: rate, cost: 1, commit: true)
            #expect(first.isAllowed && first.remaining == 4)
            // (Memcached keeps an incremented value's length, padding it with spaces.)
            #expect(try await client.get(key).flatMap { MemcachedResponse.number(in: $0.value) } == 1)
            for _ in 0..<4 {
                #expect(
                    try await backend.decide(key: "k", strategy: .fixedWindow, rate: rate, cost: 1, commit: true)
                        .isAllowed
                )
            }
            #expect(
                try await !backend.decide(key: "k", strategy: .fixedWindow, rate: rate, cost: 1, commit: true).isAllowed
            )
        }
    }

    @Test func aCheckNeverDeletesAValueItCouldNotDecode() async throws {
        try await withMemcached { _, client in
            let clock = ManualClock(microseconds: Self.now)
            let backend = MemcachedBackend(client: client, namespace: "foreign", clock: clock)
            let values = [
                Array("another application's value".utf8),
                BucketState(level: 300_000_000, updatedAt: Self.now + Self.tenYears).encoded(),
                SlidingWindowLog.State(entries: [.init(time: .max, cost: .max)], updatedAt: .max).encoded(),
                SlidingWindowCounter.State(windowStart: Self.now + Self.tenYears, previous: 0, current: 5).encoded(),
            ]
            // The fixed window counts in keys of its own, named by window (see aCounterOutOfBoundsIsAFreshWindow).
            let strategies = (Strategy.builtIns + [.custom(EveryOther())]).filter { $0 != .fixedWindow }
            let wrongs = try await wrongsDoneToUndecodableValues(by: backend, clock: clock, strategies: strategies) {
                _ in values
            }
            #expect(wrongs.isEmpty, "\(wrongs)")
        }
    }

    @Test func aPlantedStateDecidesAsAFreshKeyInTheCompareAndSwapLoop() async throws {
        try await withMemcached { _, client in
            let clock = ManualClock(microseconds: Self.now)
            let backend = MemcachedBackend(client: client, namespace: "cas", clock: clock)
            let rate = try Rate.perMinute(5)
            let planted: [(Strategy, [UInt8])] = [
                (.tokenBucket(), BucketState(level: .max, updatedAt: .max).encoded()),
                (.gcra(), BucketState(level: 60_000_000, updatedAt: .min + 1).encoded()),
                (
                    .slidingWindowLog,
                    SlidingWindowLog.State(entries: [.init(time: .max, cost: 5)], updatedAt: .max).encoded()
                ),
                (
                    .slidingWindowCounter,
                    SlidingWindowCounter.State(windowStart: .max - 1, previous: .max, current: .max).encoded()
                ),
            ]
            for (index, (strategy, bytes)) in planted.enumerated() {
                try await backend.set("p\(index)", to: bytes, ttl: .seconds(60))
                let decision = try await backend.decide(
                    key: "p\(index)",
                    strategy: strategy,
                    rate: rate,
                    cost: 1,
                    commit: true
                )
                let fresh = try await backend.decide(
                    key: "f\(index)",
                    strategy: strategy,
                    rate: rate,
                    cost: 1,
                    commit: true
                )
                #expect(decision == fresh, "\(strategy)")
                #expect(try await backend.get("p\(index)") == backend.get("f\(index)"), "\(strategy)")
            }
        }
    }

    @Test func aSlidingWindowLogAboveItsCapIsRefused() async throws {
        try await withMemcached { _, client in
            let backend = MemcachedBackend(client: client, namespace: "cap")
            let rate = try Rate.perMinute(SlidingWindowLog.maximumLimit + 1)
            await #expect(throws: StrategyError.self) {
                try await backend.decide(key: "k", strategy: .slidingWindowLog, rate: rate, cost: 1, commit: true)
            }
            #expect(try await backend.get("k") == nil)
        }
    }

    @Test func expiriesOfAnyLengthNeverTrap() {
        #expect(MemcachedExpiry(.seconds(Int64.max)).token == Int64(Int32.max))
        #expect(MemcachedExpiry(microseconds: .max).token == Int64(Int32.max))
        #expect(MemcachedExpiry(.seconds(10)).token == 11)
        #expect(MemcachedExpiry(.seconds(-5)).token == -1)
    }
}
