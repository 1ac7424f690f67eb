// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// A backend in this process's memory: sharded locks, an expiry heap per shard, and hard caps on keys and bytes.
///
/// Each key lives in one of `shards` tables, chosen by its hash, each behind its own lock, so decisions on
/// different keys rarely contend. A key expires once its state is as good as no state. Each shard keeps its keys in
/// a min-heap by expiry, so expired keys are found without a scan: they are dropped when read, a couple at a time
/// whenever a key is added, and one by one as needed when the shard is full, with no timer per key and no sweep.
/// Each key added, updated or removed costs O(log n) in the shard's size, and each key dropped was added once, so
/// the work is O(log n) amortised per request (a key that needs the room of several, such as a long key into a full
/// byte budget, drops several). A new key into a shard full of live keys is refused after one look at the root.
///
/// The table never holds more than `maxKeys` keys nor charges more than `maxBytes` bytes (each entry is charged
/// its key's bytes, its value's bytes and ``bytesPerEntryOverhead``); ``KeyCapacityPolicy`` says what happens to a
/// new key beyond either. Both caps are split evenly between the shards.
///
/// State is not shared between processes: with several server processes, use a shared store.
///
/// ```swift
/// let backend = InMemoryBackend()
/// let throttle = try Throttle<String>(uid: "jobs", rate: "10/s", backend: .fixed(backend))
/// ```
public final class InMemoryBackend: KeyValueBackend {
    public let namespace: String
    public let isPersistent: Bool
    public let errorPolicy: ErrorPolicy?
    public var kind: String { "memory" }
    /// The most keys the table holds.
    public let maxKeys: Int
    /// The most bytes the table charges for its entries (see ``footprint(keyBytes:valueBytes:)``).
    public let maxBytes: Int
    /// What happens to a new key when the table is full.
    public let keyCapacityPolicy: KeyCapacityPolicy

    let clock: any ThrottleClock
    private let shards: [Shard]
    private let shardMask: Int
    private let limits: ShardLimits
    private let locks = LockTable()

    /// The default byte budget: 384 MiB, about 950,000 entries of 24-byte keys, so that with typical keys the key
    /// cap (one million) and the byte budget bind at about the same point.
    public static let defaultMaxBytes = 384 << 20

    /// Creates a backend.
    ///
    /// Memory is bounded by `maxBytes` whatever the keys: each entry is charged its key's UTF-8 bytes, its value's
    /// bytes and ``bytesPerEntryOverhead`` (384), an upper bound on what the table spends on it, and the charge never
    /// exceeds `maxBytes`. Keys longer than a throttle builds (callers of the primitives may pass any) are accepted
    /// and charged by their bytes, so a flood of 60 KB identities fills the budget with a few thousand keys, not a
    /// million. With the defaults, 24-byte keys (`api:default:10.1.134.159`) with 17-byte states are charged 425
    /// bytes each: about 950,000 fit in 384 MiB.
    ///
    /// The worst case for the process: the dictionary and arrays keep the capacity of the most keys a shard has held
    /// (about 200 of each entry's 384 bytes), so after a flood of short keys gives way to long ones, the table can
    /// hold up to about 1.5 × `maxBytes`: some 580 MiB with the defaults, 60 MiB with `maxBytes: 40 << 20`. (Before
    /// the byte budget, the documented "150 MB for one million keys" held only for short keys; a million 60 KB keys
    /// took 60 GB.)
    ///
    /// - Parameters:
    ///   - namespace: A label for logs; each in-memory backend has a table of its own.
    ///   - clock: The source of "now" (inject ``ManualClock`` in tests).
    ///   - maxKeys: The most keys held at once (default one million). `maxKeys`, `maxBytes` and `shards` below 1 are
    ///     read as 1.
    ///   - maxBytes: The most bytes charged for entries at once (default ``defaultMaxBytes``, 384 MiB).
    ///   - shards: The number of independently locked tables, rounded up to a power of two, and then down to
    ///     at most `maxKeys` and to at least 16 entries' overhead of `maxBytes` per shard.
    ///   - keyCapacityPolicy: What to do with a new key when the table is full of keys or of bytes.
    ///   - persistent: Whether state survives the end of the outermost task-local activation (default `true`). Pass
    ///     `false` only for a backend activated once around a unit of work whose counters should go with it: with
    ///     `false`, a backend activated per request with `withThrottleBackend` forgets every client's counters at
    ///     the end of each request.
    ///   - errorPolicy: The policy for throttles that set none.
    public init(
        namespace: String = "traffik",
        clock: any ThrottleClock = SystemClock(),
        maxKeys: Int = 1_000_000,
        maxBytes: Int = InMemoryBackend.defaultMaxBytes,
        shards: Int = 32,
        keyCapacityPolicy: KeyCapacityPolicy = .default,
        persistent: Bool = true,
        errorPolicy: ErrorPolicy? = nil
    ) {
        // Settings may come from configuration: below 1 they are read as 1, never trapped on.
        let maxKeys = max(maxKeys, 1)
        let maxBytes = max(maxBytes, 1)
        let shards = max(shards, 1)
        var count = 1
        while count < shards, count < 1 << 20 { count <<= 1 }
        while count > 1, count > maxKeys || maxBytes / count < 16 * Self.bytesPerEntryOverhead { count >>= 1 }
        self.namespace = namespace
        self.clock = clock
        self.maxKeys = maxKeys
        self.maxBytes = maxBytes
        self.shards = (0..<count).map { _ in Shard() }
        self.shardMask = count - 1
        self.limits = ShardLimits(keys: maxKeys / count, bytes: maxBytes / count)
        self.keyCapacityPolicy = keyCapacityPolicy
        self.isPersistent = persistent
        self.errorPolicy = errorPolicy
    }

    public func start() async throws {}

    public func close() async throws {}

    public func reset() async throws {
        for shard in shards {
            shard.storage.withLock { $0.removeAll() }
        }
    }

    /// The number of keys held, expired or not (expired keys are dropped as the table is used).
    public var keyCount: Int {
        shards.reduce(0) { total, shard in total + shard.storage.withLock { $0.count } }
    }

    /// The bytes charged for the keys held, expired or not: never more than ``maxBytes``.
    public var byteCount: Int {
        shards.reduce(0) { total, shard in total + shard.storage.withLock { $0.footprint } }
    }

    /// The entries looked at by heap steps and eviction since the backend was created, for tests that bound the
    /// work per request.
    var entriesExamined: Int {
        shards.reduce(0) { total, shard in total + shard.storage.withLock { $0.examined } }
    }

    /// Whether every shard's heap, slots and dictionary agree, for tests.
    var isConsistent: Bool {
        shards.allSatisfy { shard in shard.storage.withLock { $0.isConsistent() } }
    }

    public func decide(key: String, strategy: Strategy, rate: Rate, cost: Int, commit: Bool) async throws -> Decision {
        try decideNow(key: key, strategy: strategy, rate: rate, cost: cost, commit: commit)
    }

    /// The synchronous core of ``decide(key:strategy:rate:cost:commit:)``.
    public func decideNow(key: String, strategy: Strategy, rate: Rate, cost: Int, commit: Bool) throws -> Decision {
        if let decision = try strategy.decisionWithoutStore(for: rate) { return decision }
        let storeKey = StoreKey(key)
        let now = clock.nowMicroseconds()
        let limits = limits
        let policy = keyCapacityPolicy
        return try shard(for: storeKey).storage.withLock { table throws(BackendError) -> Decision in
            let found = table.liveSlot(of: storeKey, now: now)
            let visitor = StateVisitor(
                old: found.map { table.slots[$0].bytes },
                scratch: table.scratch,
                now: now,
                rate: rate,
                cost: cost
            )
            let (decision, ttl) = strategy.accept(visitor)
            guard commit else { return decision }
            let expiresAt = addClamped(now, ttl)
            if var slot = found {
                guard ttl > 0 else {
                    table.remove(slot)
                    return decision
                }
                let growth = table.scratch.bytes.count - table.slots[slot].bytes.count
                if growth > 0, table.footprint + growth > limits.bytes {
                    // A state that grows (a sliding window log) needs room too; a refusal keeps the old state.
                    guard
                        table.makeRoom(
                            keys: 0,
                            bytes: growth,
                            limits: limits,
                            now: now,
                            policy: policy,
                            keeping: storeKey
                        ),
                        let moved = table.slot(of: storeKey)
                    else { return try capacityRefusal(rate: rate) }
                    slot = moved
                }
                table.takeScratch(at: slot)
                table.setExpiry(at: slot, expiresAt)
                return decision
            }
            guard ttl > 0 else { return decision }
            let bytes = Self.footprint(keyBytes: storeKey.text.utf8.count, valueBytes: table.scratch.bytes.count)
            guard table.makeRoom(keys: 1, bytes: bytes, limits: limits, now: now, policy: policy) else {
                return try capacityRefusal(rate: rate)
            }
            table.insertScratch(storeKey, expiresAt: expiresAt)
            return decision
        }
    }

    /// The decision, or the error, for a commit that finds no room.
    private func capacityRefusal(rate: Rate) throws(BackendError) -> Decision {
        if case .refuse(let wait) = keyCapacityPolicy.base {
            return .refused(.keyCapacity, retryAfter: .microseconds(wait), rate: rate)
        }
        throw fullError()
    }

    private func fullError() -> BackendError {
        BackendError(.keyCapacity, "the in-memory table is full (\(maxKeys) keys, \(maxBytes) bytes, all live)")
    }

    // MARK: Primitives

    public func get(_ key: String) async throws -> [UInt8]? {
        let storeKey = StoreKey(key)
        let now = clock.nowMicroseconds()
        return shard(for: storeKey).storage.withLock { table in
            table.liveSlot(of: storeKey, now: now).map { table.slots[$0].bytes }
        }
    }

    public func set(_ key: String, to value: [UInt8], ttl: Duration?) async throws {
        let storeKey = StoreKey(key)
        let now = clock.nowMicroseconds()
        let expiresAt = ttl.map { addClamped(now, $0.wholeMicroseconds) } ?? .max
        let limits = limits
        let policy = keyCapacityPolicy
        try shard(for: storeKey).storage.withLock { table throws(BackendError) in
            if let slot = table.liveSlot(of: storeKey, now: now) {
                let growth = value.count - table.slots[slot].bytes.count
                if growth > 0 {
                    guard
                        table.makeRoom(
                            keys: 0,
                            bytes: growth,
                            limits: limits,
                            now: now,
                            policy: policy,
                            keeping: storeKey
                        )
                    else { throw fullError() }
                }
                guard let slot = table.slot(of: storeKey) else { throw fullError() }
                table.setBytes(at: slot, value)
                table.setExpiry(at: slot, expiresAt)
                return
            }
            let bytes = Self.footprint(keyBytes: storeKey.text.utf8.count, valueBytes: value.count)
            guard table.makeRoom(keys: 1, bytes: bytes, limits: limits, now: now, policy: policy) else {
                throw fullError()
            }
            table.insert(storeKey, bytes: value, expiresAt: expiresAt)
        }
    }

    public func increment(_ key: String, by amount: Int64, ttl: Duration?) async throws -> Int64 {
        let storeKey = StoreKey(key)
        let now = clock.nowMicroseconds()
        let expiresAt = ttl.map { addClamped(now, $0.wholeMicroseconds) } ?? .max
        let limits = limits
        let policy = keyCapacityPolicy
        return try shard(for: storeKey).storage.withLock { table throws(BackendError) -> Int64 in
            if let slot = table.liveSlot(of: storeKey, now: now) {
                guard let value = Int64(decimal: table.slots[slot].bytes) else {
                    throw BackendError(.invalidValue, "the value at \(key) is not an integer")
                }
                // A counter's digits may grow by a few bytes past the budget; they never exceed 20.
                let result = addClamped(value, amount)
                table.setBytes(at: slot, Array(String(result).utf8))
                return result
            }
            let digits = Array(String(amount).utf8)
            let bytes = Self.footprint(keyBytes: storeKey.text.utf8.count, valueBytes: digits.count)
            guard table.makeRoom(keys: 1, bytes: bytes, limits: limits, now: now, policy: policy) else {
                throw fullError()
            }
            table.insert(storeKey, bytes: digits, expiresAt: expiresAt)
            return amount
        }
    }

    @discardableResult
    public func delete(_ key: String) async throws -> Bool {
        let storeKey = StoreKey(key)
        let now = clock.nowMicroseconds()
        return shard(for: storeKey).storage.withLock { table in
            guard let slot = table.liveSlot(of: storeKey, now: now) else { return false }
            table.remove(slot)
            return true
        }
    }

    @discardableResult
    public func expire(_ key: String, after ttl: Duration) async throws -> Bool {
        let storeKey = StoreKey(key)
        let now = clock.nowMicroseconds()
        return shard(for: storeKey).storage.withLock { table in
            guard let slot = table.liveSlot(of: storeKey, now: now) else { return false }
            table.setExpiry(at: slot, addClamped(now, ttl.wholeMicroseconds))
            return true
        }
    }

    @discardableResult
    public func withLock<T: Sendable>(
        _ name: String,
        ttl: Duration,
        timeout: Duration,
        _ body: @Sendable () async throws -> T
    ) async throws -> T {
        try await locks.withLock(name, ttl: ttl.wholeMicroseconds, timeout: timeout, clock: clock, body)
    }

    // MARK: Internals

    private func shard(for key: StoreKey) -> Shard {
        shards[key.hash & shardMask]
    }
}

/// A decision on bytes held by the table, encoding the new state into a reused buffer.
private struct StateVisitor: AlgorithmVisitor {
    let old: [UInt8]?
    let scratch: ScratchBuffer
    let now: Int64
    let rate: Rate
    let cost: Int

    func visit<Algorithm: RateLimitAlgorithm>(_ algorithm: Algorithm) -> (Decision, Int64) {
        let state = old.flatMap { Algorithm.State.decode($0) }
        let transition = algorithm.decide(state, now: now, rate: rate, cost: cost)
        var writer = StateWriter()
        swap(&writer.bytes, &scratch.bytes)
        writer.bytes.removeAll(keepingCapacity: true)
        transition.state.encode(into: &writer)
        swap(&writer.bytes, &scratch.bytes)
        return (transition.decision, transition.ttlMicroseconds)
    }
}

extension Int64 {
    fileprivate init?(decimal bytes: [UInt8]) {
        guard let text = String(validating: bytes, as: UTF8.self), let value = Int64(text) else { return nil }
        self = value
    }
}
