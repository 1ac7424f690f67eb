// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// The loop behind every backend's ``KeyValueBackend/withLock(_:ttl:timeout:_:)``: take the lock (pausing, with a
/// growing pause, until the timeout), run the body once, release the lock whatever the body did. Written once, so
/// every store waits, times out and releases the same way; each store supplies only its own take and release.
///
/// ```swift
/// let token = LeasedLock.token()
/// return try await LeasedLock.run(
///     name,
///     timeout: timeout,
///     take: { try await store.add(lockKey, token, lease: ttl) },
///     release: { try await store.deleteIfEqual(lockKey, token) },
///     body
/// )
/// ```
@_spi(Backend) public enum LeasedLock {
    /// The pauses between attempts to take a lock held by someone else.
    public struct Pauses: Sendable, Hashable {
        /// The pause after the first failed attempt.
        public var first: Duration
        /// The longest pause: each pause doubles the previous one up to this.
        public var longest: Duration

        /// Creates the pauses.
        public init(first: Duration, longest: Duration) {
            self.first = first
            self.longest = longest
        }

        /// For a store across the network: from 1 ms to 20 ms.
        public static let store = Pauses(first: .milliseconds(1), longest: .milliseconds(20))
        /// For a lock in this process: from 50 µs to 5 ms.
        public static let local = Pauses(first: .microseconds(50), longest: .milliseconds(5))
    }

    /// A fresh holder token: 256 random bits, so that no two holders, in any process, share one.
    public static func token() -> String {
        (0..<4).map { _ in String(UInt64.random(in: 0...UInt64.max), radix: 36) }.joined(separator: "-")
    }

    /// Takes the lock `name` with `take` (which returns whether it took it), trying again until `timeout`.
    ///
    /// - Throws: ``BackendError/Kind/lockTimeout`` once `timeout` has passed without taking it; whatever `take`
    ///   throws.
    public static func acquire(
        _ name: String,
        timeout: Duration,
        pauses: Pauses = .store,
        take: () async throws -> Bool
    ) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var pause = pauses.first
        while true {
            if try await take() { return }
            let now = clock.now
            guard now < deadline else {
                throw BackendError(.lockTimeout, "lock \(name) not acquired within \(timeout)")
            }
            try await Task.sleep(for: min(pause, deadline - now))
            pause = min(pause * 2, pauses.longest)
        }
    }

    /// Takes the lock, runs `body` once, and releases the lock whether or not `body` threw. A failed release is
    /// not the body's failure: the lease ends the lock anyway.
    ///
    /// - Parameters:
    ///   - name: The lock's name, for the timeout's message.
    ///   - timeout: How long to wait for the lock.
    ///   - pauses: The pauses between attempts.
    ///   - take: One attempt to take the lock; `true` when taken.
    ///   - release: Gives the lock up (only if this holder still holds it).
    ///   - body: The work done holding the lock.
    public static func run<T: Sendable>(
        _ name: String,
        timeout: Duration,
        pauses: Pauses = .store,
        take: () async throws -> Bool,
        release: () async throws -> Void,
        _ body: () async throws -> T
    ) async throws -> T {
        try await acquire(name, timeout: timeout, pauses: pauses, take: take)
        let result: Result<T, any Error>
        do { result = .success(try await body()) } catch { result = .failure(error) }
        try? await release()
        return try result.get()
    }
}
