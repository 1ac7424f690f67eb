import Synchronization

/// A backend in this process's memory: sharded locks, lazy expiry with an amortised sweep, and a hard key cap.
///
/// Each key lives in one of `shards` tables, chosen by its hash, each behind its own lock, so decisions on
/// different keys rarely contend. A key expires once its state is as good as no state; expired keys are dropped
/// when read and swept in bulk when a shard grows, with no timer per key. The table never holds more than
/// `maxKeys` keys; ``KeyCapacityPolicy`` says what happens to a new key beyond that.
///
/// State is not shared between processes: with several server processes, use a shared store.
///
/// ```swift
/// let backend = InMemoryBackend()
/// let throttle = try Throttle<String>(uid: "jobs", rate: "10/s", backend: backend)
/// ```
public final class InMemoryBackend: ThrottleBackend {
    public let namespace: String
    public let isPersistent: Bool
    public let errorPolicy: ErrorPolicy?
    public var kind: String { "memory" }
    /// The most keys the table holds.
    public let maxKeys: Int
    /// What happens to a new key when the table is full.
    public let keyCapacityPolicy: KeyCapacityPolicy

    let clock: any ThrottleClock
    private let shards: [Shard]
    private let shardMask: Int
    private let keysPerShard: Int
    private let locks = LockTable()

    /// Creates a backend.
    ///
    /// - Parameters:
    ///   - namespace: A label for logs; each in-memory backend has a table of its own.
    ///   - clock: The source of "now" (inject ``ManualClock`` in tests).
    ///   - maxKeys: The most keys held at once (default one million, about 150 MB at worst).
    ///   - shards: The number of independently locked tables, rounded up to a power of two.
    ///   - keyCapacityPolicy: What to do with a new key when the table is full.
    ///   - persistent: Whether state survives the end of the outermost task-local activation.
    ///   - errorPolicy: The policy for throttles that set none.
    public init(
        namespace: String = "traffik",
        clock: any ThrottleClock = SystemClock(),
        maxKeys: Int = 1_000_000,
        shards: Int = 32,
        keyCapacityPolicy: KeyCapacityPolicy = .default,
        persistent: Bool = false,
        errorPolicy: ErrorPolicy? = nil
    ) {
        precondition(maxKeys >= 1, "InMemoryBackend maxKeys must be at least 1, got \(maxKeys)")
        precondition(shards >= 1, "InMemoryBackend shards must be at least 1, got \(shards)")
        var count = 1
        while count < min(shards, maxKeys) { count <<= 1 }
        self.namespace = namespace
        self.clock = clock
        self.maxKeys = maxKeys
        self.shards = (0..<count).map { _ in Shard() }
        self.shardMask = count - 1
        self.keysPerShard = maxKeys / count
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

    /// The number of keys held, expired or not (a sweep may not have run yet).
    public var keyCount: Int {
        shards.reduce(0) { total, shard in total + shard.storage.withLock { $0.entries.count } }
    }

    public func decide(key: String, strategy: Strategy, rate: Rate, cost: Int, commit: Bool) async throws -> Decision {
        try decideNow(key: key, strategy: strategy, rate: rate, cost: cost, commit: commit)
    }

    /// The synchronous core of ``decide(key:strategy:rate:cost:commit:)``.
    public func decideNow(key: String, strategy: Strategy, rate: Rate, cost: Int, commit: Bool) throws -> Decision {
        if rate.isUnlimited { return .unrestricted(.unlimited) }
        let storeKey = StoreKey(key)
        let now = clock.nowMicroseconds()
        let capacity = keysPerShard
        let policy = keyCapacityPolicy
        return try shard(for: storeKey).storage.withLock { table throws(BackendError) -> Decision in
            let index = table.liveIndex(of: storeKey, now: now)
            let visitor = StateVisitor(
                old: index.map { table.entries.values[$0].bytes },
                scratch: table.scratch,
                now: now,
                rate: rate,
                cost: cost
            )
            let (decision, ttl) = strategy.accept(visitor)
            guard commit else { return decision }
            if let index {
                if ttl > 0 {
                    // Swap rather than copy: the old bytes become the next scratch buffer, so nothing allocates.
                    let scratch = table.scratch
                    swap(&table.entries.values[index].bytes, &scratch.bytes)
                    table.entries.values[index].expiresAt = addClamped(now, ttl)
                } else {
                    table.entries.remove(at: index)
                }
                return decision
            }
            guard ttl > 0 else { return decision }
            guard table.makeRoom(capacity: capacity, now: now, policy: policy) else {
                if case .refuse(let wait) = policy.base {
                    return .refused(.keyCapacity, retryAfter: .microseconds(wait), rate: rate)
                }
                throw BackendError(.keyCapacity, "the in-memory table is full (\(maxKeys) live keys)")
            }
            table.entries[storeKey] = Entry(bytes: table.scratch.bytes, expiresAt: addClamped(now, ttl))
            return decision
        }
    }

    // MARK: Primitives

    public func get(_ key: String) async throws -> [UInt8]? {
        let storeKey = StoreKey(key)
        let now = clock.nowMicroseconds()
        return shard(for: storeKey).storage.withLock { table in
            table.liveIndex(of: storeKey, now: now).map { table.entries.values[$0].bytes }
        }
    }

    public func set(_ key: String, to value: [UInt8], ttl: Duration?) async throws {
        let storeKey = StoreKey(key)
        let now = clock.nowMicroseconds()
        let expiresAt = ttl.map { addClamped(now, $0.wholeMicroseconds) } ?? .max
        try insert(storeKey, now: now) { Entry(bytes: value, expiresAt: expiresAt) }
    }

    public func increment(_ key: String, by amount: Int64, ttl: Duration?) async throws -> Int64 {
        let storeKey = StoreKey(key)
        let now = clock.nowMicroseconds()
        let existing = try shard(for: storeKey).storage.withLock { table throws(BackendError) -> Int64? in
            guard let index = table.liveIndex(of: storeKey, now: now) else { return nil }
            guard let value = Int64(decimal: table.entries.values[index].bytes) else {
                throw BackendError(.invalidValue, "the value at \(key) is not an integer")
            }
            let result = addClamped(value, amount)
            table.entries.values[index].bytes = Array(String(result).utf8)
            return result
        }
        if let existing { return existing }
        let expiresAt = ttl.map { addClamped(now, $0.wholeMicroseconds) } ?? .max
        var result = amount
        try insert(storeKey, now: now) {
            Entry(bytes: Array(String(amount).utf8), expiresAt: expiresAt)
        } ifPresent: { entry in
            // Another task created the key in between: add to it.
            let value = Int64(decimal: entry.bytes) ?? 0
            result = addClamped(value, amount)
            entry.bytes = Array(String(result).utf8)
        }
        return result
    }

    @discardableResult
    public func delete(_ key: String) async throws -> Bool {
        let storeKey = StoreKey(key)
        let now = clock.nowMicroseconds()
        return shard(for: storeKey).storage.withLock { table in
            guard let index = table.liveIndex(of: storeKey, now: now) else { return false }
            table.entries.remove(at: index)
            return true
        }
    }

    @discardableResult
    public func expire(_ key: String, after ttl: Duration) async throws -> Bool {
        let storeKey = StoreKey(key)
        let now = clock.nowMicroseconds()
        return shard(for: storeKey).storage.withLock { table in
            guard let index = table.liveIndex(of: storeKey, now: now) else { return false }
            table.entries.values[index].expiresAt = addClamped(now, ttl.wholeMicroseconds)
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

    private func insert(
        _ key: StoreKey,
        now: Int64,
        _ make: () -> Entry,
        ifPresent: (inout Entry) -> Void = { _ in }
    ) throws {
        let capacity = keysPerShard
        let policy = keyCapacityPolicy
        try shard(for: key).storage.withLock { table throws(BackendError) in
            if let index = table.liveIndex(of: key, now: now) {
                ifPresent(&table.entries.values[index])
                return
            }
            guard table.makeRoom(capacity: capacity, now: now, policy: policy) else {
                throw BackendError(.keyCapacity, "the in-memory table is full (\(maxKeys) live keys)")
            }
            table.entries[key] = make()
        }
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
