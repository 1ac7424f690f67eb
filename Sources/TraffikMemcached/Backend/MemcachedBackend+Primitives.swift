// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

@_spi(Backend) import Traffik

extension MemcachedBackend {
    public func get(_ key: String) async throws -> [UInt8]? {
        try await MemcachedFailure.run {
            try await self.startOnce()
            return try await self.client.get(MemcachedKey(self.storeKey(key)))?.value
        }
    }

    public func set(_ key: String, to value: [UInt8], ttl: Duration?) async throws {
        try await MemcachedFailure.run {
            try await self.startOnce()
            try await self.client.set(MemcachedKey(self.storeKey(key)), to: value, ttl: ttl)
        }
    }

    /// Adds `amount` to the decimal integer at `key`, in one `ma` that creates a missing key with `amount` and
    /// `ttl`; an existing key keeps its expiry.
    ///
    /// Memcached's numbers are unsigned: a negative `amount` decrements, and stops at zero.
    public func increment(_ key: String, by amount: Int64, ttl: Duration?) async throws -> Int64 {
        try await start()
        let magnitude = amount.magnitude
        do {
            let value = try await MemcachedFailure.run {
                try await self.client.increment(
                    MemcachedKey(self.storeKey(key)),
                    by: magnitude,
                    initial: amount > 0 ? magnitude : 0,
                    ttl: ttl,
                    decrement: amount < 0
                )
            }
            guard let value else { throw BackendError(.server, "Memcached did not create \(key)") }
            return Int64(clamping: value)
        } catch let error as BackendError where (error.underlying as? MemcachedServerError)?.kind == .clientError {
            throw BackendError(.invalidValue, "the value at \(key) is not an integer", underlying: error.underlying)
        }
    }

    @discardableResult
    public func delete(_ key: String) async throws -> Bool {
        try await MemcachedFailure.run {
            try await self.startOnce()
            return try await self.client.delete(MemcachedKey(self.storeKey(key))) == .stored
        }
    }

    /// Gives `key` a new time to live with `mg` and `T` (rounded up to whole seconds).
    @discardableResult
    public func expire(_ key: String, after ttl: Duration) async throws -> Bool {
        try await MemcachedFailure.run {
            try await self.startOnce()
            return try await self.client.touch(MemcachedKey(self.storeKey(key)), ttl: ttl)
        }
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
        // Taking the lock is a store operation; the body is not, and runs once.
        let lock = try await MemcachedFailure.run {
            try await self.startOnce()
            return MemcachedLock(
                client: self.client,
                key: MemcachedKey(try await self.storeKey("lock:" + name)),
                lease: ttl
            )
        }
        return try await LeasedLock.run(
            name,
            timeout: timeout,
            take: { try await MemcachedFailure.run { try await lock.take() } },
            release: { try await lock.release() },
            body
        )
    }
}
