// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// Remembers refusals, so that a client refused until some time is refused again until then without a round trip
/// to the store: a client hammering past its limit then costs the store nothing.
///
/// A refusal is remembered for its key, strategy and rate, with the cost it was refused for; a later request on
/// the same key, strategy and rate is refused locally while the wait lasts if it costs at least as much (a cheaper
/// one might pass sooner, so it goes to the store). Checks of cost 0 (a throttle's `stat`) always go to the store.
/// Because it is keyed by the rate, a client whose computed rate changes is decided afresh.
///
/// What it costs: a refusal that another process's `reset()` or a changed rate would have lifted may stand until
/// its wait ends, never longer; nothing is ever admitted by the cache. Memory is bounded: at most `capacity`
/// refusals are kept, and when it is full the oldest remembered is forgotten (which only costs a round trip).
///
/// ```swift
/// let backend = ResilientBackend(redis, denyCache: DenyCache(capacity: 100_000))
/// ```
public final class DenyCache: Sendable {
    /// The most refusals remembered at once.
    public let capacity: Int

    private let shards: [LockedShard]
    private let clock: any ThrottleClock
    private let saved = Atomic(0)

    /// Creates an empty cache.
    ///
    /// - Parameters:
    ///   - capacity: The most refusals remembered at once (at least 1).
    ///   - shards: Independently locked parts, to keep callers on different keys apart (rounded up to a power of
    ///     two, at most `capacity`).
    ///   - clock: The source of "now" (inject ``ManualClock`` in tests).
    public init(capacity: Int = 100_000, shards: Int = 16, clock: any ThrottleClock = SystemClock()) {
        self.capacity = max(capacity, 1)
        var count = 1
        while count < min(max(shards, 1), self.capacity) { count <<= 1 }
        let perShard = max(self.capacity / count, 1)
        self.shards = (0..<count).map { _ in LockedShard(Shard(capacity: perShard)) }
        self.clock = clock
    }

    /// How many requests the cache has refused without the store.
    public var refusedLocally: Int { saved.load(ordering: .relaxed) }

    /// How many refusals are remembered now (expired ones included until they are forgotten).
    public var count: Int { shards.reduce(0) { $0 + $1.state.withLock { $0.entries.count } } }

    /// The remembered refusal for a request, with its wait counted down to now; `nil` when the store must decide.
    public func refusal(key: String, strategy: Strategy, rate: Rate, cost: Int) -> Decision? {
        guard cost > 0 else { return nil }
        let entryKey = EntryKey(key: key, strategy: strategy, rate: rate)
        let now = clock.nowMicroseconds()
        let decision = shard(for: entryKey).state.withLock { $0.refusal(for: entryKey, cost: cost, now: now) }
        if decision != nil { saved.add(1, ordering: .relaxed) }
        return decision
    }

    /// Remembers `decision` if it is a refusal the strategy made with a wait.
    public func remember(_ decision: Decision, key: String, strategy: Strategy, rate: Rate, cost: Int) {
        guard decision.outcome == .throttled, decision.reason == .strategy, decision.retryAfterMicroseconds > 0,
            cost > 0
        else { return }
        let entryKey = EntryKey(key: key, strategy: strategy, rate: rate)
        let now = clock.nowMicroseconds()
        let entry = Entry(
            until: addClamped(now, decision.retryAfterMicroseconds),
            at: now,
            cost: cost,
            decision: decision
        )
        shard(for: entryKey).state.withLock { $0.insert(entry, for: entryKey) }
    }

    /// Forgets every refusal (after a reset of the store).
    public func removeAll() {
        for shard in shards { shard.state.withLock { $0 = Shard(capacity: $0.capacity) } }
    }

    private func shard(for key: EntryKey) -> LockedShard {
        shards[key.hashValue & (shards.count - 1)]
    }
}

extension DenyCache {
    /// A shard behind its own lock.
    final class LockedShard: Sendable {
        let state: Mutex<Shard>
        init(_ shard: Shard) { state = Mutex(shard) }
    }

    struct EntryKey: Hashable, Sendable {
        let key: String
        let strategy: Strategy
        let rate: Rate
    }

    struct Entry: Sendable {
        /// When the wait ends, in microseconds.
        let until: Int64
        /// When the refusal was made.
        let at: Int64
        /// The cost it was refused for.
        let cost: Int
        let decision: Decision
    }

    /// One locked part: the refusals by key, and the order they were remembered in, for forgetting the oldest.
    struct Shard: Sendable {
        let capacity: Int
        var entries: [EntryKey: (entry: Entry, sequence: UInt64)] = [:]
        /// A ring of the keys in the order they were remembered, with the sequence number of each remembering.
        private var order: [(key: EntryKey, sequence: UInt64)] = []
        private var oldest = 0
        private var sequence: UInt64 = 0

        init(capacity: Int) { self.capacity = capacity }

        mutating func refusal(for key: EntryKey, cost: Int, now: Int64) -> Decision? {
            guard let (entry, _) = entries[key] else { return nil }
            guard now < entry.until, now >= entry.at else {
                // Over (or the clock stepped back past it): forget it, and let the store decide.
                entries.removeValue(forKey: key)
                return nil
            }
            guard cost >= entry.cost else { return nil }
            var decision = entry.decision
            let elapsed = now &- entry.at
            decision.retryAfterMicroseconds = entry.until &- now
            decision.resetAfterMicroseconds = max(
                decision.resetAfterMicroseconds &- elapsed,
                decision.retryAfterMicroseconds
            )
            return decision
        }

        mutating func insert(_ entry: Entry, for key: EntryKey) {
            sequence &+= 1
            entries[key] = (entry, sequence)
            if order.count < capacity {
                order.append((key, sequence))
                return
            }
            // Full: the slot of the oldest remembering is reused; its entry goes unless remembered again since.
            let evicted = order[oldest]
            if entries[evicted.key]?.sequence == evicted.sequence { entries.removeValue(forKey: evicted.key) }
            order[oldest] = (key, sequence)
            oldest = (oldest + 1) % capacity
        }
    }
}
