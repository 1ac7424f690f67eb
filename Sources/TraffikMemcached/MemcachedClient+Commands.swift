// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

extension MemcachedClient {
    /// An item read with ``get(_:)``: its value, compare-and-swap token and remaining time to live.
    public struct Item: Sendable, Hashable {
        /// The stored bytes.
        public var value: [UInt8]
        /// The token to pass to ``set(_:to:ttl:mode:ifUnchangedSince:)`` to write only if no one wrote in between.
        public var cas: UInt64
        /// Seconds to live, `-1` for none.
        public var ttl: Int
    }

    /// How ``set(_:to:ttl:mode:ifUnchangedSince:)`` treats an existing item (the `ms` `M` flag).
    public enum SetMode: String, Sendable, Hashable {
        /// Store whether or not the key exists.
        case set = "S"
        /// Store only if the key does not exist.
        case add = "E"
        /// Store only if the key exists.
        case replace = "R"
    }

    /// What a write did.
    public enum StoreResult: Sendable, Hashable {
        /// Stored (or deleted, or touched).
        case stored
        /// Not stored: an ``SetMode/add`` of an existing key, a ``SetMode/replace`` of a missing one.
        case notStored
        /// The compare-and-swap token no longer matches: someone wrote in between.
        case exists
        /// The item is missing.
        case notFound
    }

    /// The item at `key`, or `nil` (`mg` with `v`, `c` and `t`).
    public func get(_ key: MemcachedKey) async throws -> Item? {
        let response = try await send(MemcachedCommand(.get, key: key, flags: ["v", "c", "t"]))
        guard response.status == .value else { return nil }
        return Item(value: response.value, cas: response.cas ?? 0, ttl: response.ttl ?? -1)
    }

    /// The item at `key`, or `nil`.
    public func get(_ key: String) async throws -> Item? {
        try await get(MemcachedKey(key))
    }

    /// Stores `value` at `key` (`ms`).
    ///
    /// - Parameters:
    ///   - ttl: The time to live (``MemcachedExpiry``: rounded up to seconds); `nil` for none.
    ///   - mode: Set, add or replace.
    ///   - cas: Writes only if the item's token is still this one (compare-and-swap).
    @discardableResult
    public func set(
        _ key: MemcachedKey,
        to value: [UInt8],
        ttl: Duration?,
        mode: SetMode = .set,
        ifUnchangedSince cas: UInt64? = nil
    ) async throws -> StoreResult {
        try await set(key, to: value, expiry: MemcachedExpiry(ttl), mode: mode, ifUnchangedSince: cas)
    }

    func set(
        _ key: MemcachedKey,
        to value: [UInt8],
        expiry: MemcachedExpiry,
        mode: SetMode = .set,
        ifUnchangedSince cas: UInt64? = nil
    ) async throws -> StoreResult {
        var flags = ["T\(expiry)"]
        if mode != .set { flags.append("M\(mode.rawValue)") }
        if let cas { flags.append("C\(cas)") }
        return try Self.storeResult(await send(MemcachedCommand(.set, key: key, flags: flags, value: value)))
    }

    /// Stores `value` at `key`.
    @discardableResult
    public func set(_ key: String, to value: [UInt8], ttl: Duration?, mode: SetMode = .set) async throws -> StoreResult
    {
        try await set(MemcachedKey(key), to: value, ttl: ttl, mode: mode)
    }

    /// Adds `delta` to the number at `key` and returns the result (`ma`); `nil` when the key is missing and
    /// `initial` is `nil`.
    ///
    /// - Parameters:
    ///   - initial: Creates a missing key with this value (the delta is not added to it) and `ttl`.
    ///   - ttl: The time to live of a key this call creates; an existing key keeps its own.
    ///   - decrement: Subtracts instead (Memcached stops at zero).
    public func increment(
        _ key: MemcachedKey,
        by delta: UInt64 = 1,
        initial: UInt64? = nil,
        ttl: Duration? = nil,
        decrement: Bool = false
    ) async throws -> UInt64? {
        try await increment(key, by: delta, initial: initial, expiry: MemcachedExpiry(ttl), decrement: decrement)
    }

    func increment(
        _ key: MemcachedKey,
        by delta: UInt64,
        initial: UInt64?,
        expiry: MemcachedExpiry,
        decrement: Bool = false
    ) async throws -> UInt64? {
        var flags = ["v", "D\(delta)"]
        if let initial { flags += ["N\(expiry)", "J\(initial)"] }
        if decrement { flags.append("MD") }
        let response = try await send(MemcachedCommand(.arithmetic, key: key, flags: flags))
        guard response.status == .value else { return nil }
        guard let number = response.number else {
            throw MemcachedClientError(.protocolError, "ma answered a value that is not a number")
        }
        return number
    }

    /// Deletes `key` (`md`), only if its token is still `cas` when given.
    @discardableResult
    public func delete(_ key: MemcachedKey, ifUnchangedSince cas: UInt64? = nil) async throws -> StoreResult {
        let flags = cas.map { ["C\($0)"] } ?? []
        return try Self.storeResult(await send(MemcachedCommand(.delete, key: key, flags: flags)))
    }

    /// Gives `key` a new time to live (`mg` with `T`); returns whether it existed.
    @discardableResult
    public func touch(_ key: MemcachedKey, ttl: Duration?) async throws -> Bool {
        try await touch(key, expiry: MemcachedExpiry(ttl))
    }

    func touch(_ key: MemcachedKey, expiry: MemcachedExpiry) async throws -> Bool {
        try await send(MemcachedCommand(.get, key: key, flags: ["T\(expiry)"])).status == .success
    }

    private static func storeResult(_ response: MemcachedResponse) throws -> StoreResult {
        switch response.status {
        case .success: return .stored
        case .notStored: return .notStored
        case .exists: return .exists
        case .notFound: return .notFound
        default: throw MemcachedClientError(.protocolError, "unexpected reply to a write: \(response.status)")
        }
    }
}
