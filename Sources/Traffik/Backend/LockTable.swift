// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// Named in-process locks with a lease, for ``InMemoryBackend/withLock(_:ttl:timeout:_:)``.
///
/// A waiter polls with a short, growing pause; a holder whose lease has run out loses the lock to the next taker.
final class LockTable: Sendable {
    private struct Holder {
        let token: UInt64
        let leaseEnd: Int64
    }
    private struct State {
        var holders: [String: Holder] = [:]
        var nextToken: UInt64 = 1
    }
    private let state = Mutex(State())

    func withLock<T: Sendable>(
        _ name: String,
        ttl: Int64,
        timeout: Duration,
        clock: any ThrottleClock,
        _ body: @Sendable () async throws -> T
    ) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        var pause = Duration.microseconds(50)
        var token: UInt64?
        while true {
            token = state.withLock { state -> UInt64? in
                let now = clock.nowMicroseconds()
                if let holder = state.holders[name], holder.leaseEnd > now { return nil }
                let token = state.nextToken
                state.nextToken += 1
                state.holders[name] = Holder(token: token, leaseEnd: addClamped(now, max(ttl, 1)))
                return token
            }
            if token != nil { break }
            guard ContinuousClock.now < deadline else {
                throw BackendError(.lockTimeout, "lock \(name) not acquired within \(timeout)")
            }
            try await Task.sleep(for: pause)
            pause = min(pause * 2, .milliseconds(5))
        }
        defer {
            state.withLock { state in
                if state.holders[name]?.token == token { state.holders[name] = nil }
            }
        }
        return try await body()
    }
}
