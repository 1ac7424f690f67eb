import Traffik

extension MemcachedBackend {
    public func get(_ key: String) async throws -> [UInt8]? {
        try await start()
        return try await client.get(MemcachedKey(storeKey(key)))?.value
    }

    public func set(_ key: String, to value: [UInt8], ttl: Duration?) async throws {
        try await start()
        try await client.set(MemcachedKey(storeKey(key)), to: value, ttl: ttl)
    }

    /// Adds `amount` to the decimal integer at `key`, in one `ma` that creates a missing key with `amount` and
    /// `ttl`; an existing key keeps its expiry.
    ///
    /// Memcached's numbers are unsigned: a negative `amount` decrements, and stops at zero.
    public func increment(_ key: String, by amount: Int64, ttl: Duration?) async throws -> Int64 {
        try await start()
        let magnitude = amount.magnitude
        do {
            let value = try await client.increment(
                MemcachedKey(storeKey(key)),
                by: magnitude,
                initial: amount > 0 ? magnitude : 0,
                ttl: ttl,
                decrement: amount < 0
            )
            guard let value else { throw BackendError(.server, "Memcached did not create \(key)") }
            return Int64(clamping: value)
        } catch let error as MemcachedServerError where error.kind == .clientError {
            throw BackendError(.invalidValue, "the value at \(key) is not an integer", underlying: error)
        }
    }

    @discardableResult
    public func delete(_ key: String) async throws -> Bool {
        try await start()
        return try await client.delete(MemcachedKey(storeKey(key))) == .stored
    }

    /// Gives `key` a new time to live with `mg` and `T` (rounded up to whole seconds).
    @discardableResult
    public func expire(_ key: String, after ttl: Duration) async throws -> Bool {
        try await start()
        return try await client.touch(MemcachedKey(storeKey(key)), ttl: ttl)
    }

    /// Runs `body` holding the lock `name`: an item added with `ms` in add mode and a lease of `ttl` (rounded up to
    /// whole seconds), so a holder that crashes loses the lock when the lease runs out. Releasing deletes the item
    /// only if it still holds this holder's token (and has not changed since it was read).
    @discardableResult
    public func withLock<T: Sendable>(
        _ name: String,
        ttl: Duration,
        timeout: Duration,
        _ body: @Sendable () async throws -> T
    ) async throws -> T {
        try await start()
        let lock = MemcachedLock(client: client, key: MemcachedKey(try await storeKey("lock:" + name)), lease: ttl)
        try await lock.acquire(timeout: timeout)
        let result: Result<T, any Error>
        do { result = .success(try await body()) } catch { result = .failure(error) }
        try? await lock.release()
        return try result.get()
    }
}
