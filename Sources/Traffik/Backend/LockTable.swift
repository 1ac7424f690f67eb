// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// Named in-process locks with a lease, for ``InMemoryBackend/withLock(_:ttl:timeout:_:)``: the take and release
/// of ``LeasedLock``'s loop. A holder whose lease has run out loses the lock to the next taker.
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
        let token = state.withLock { state in
            defer { state.nextToken += 1 }
            return state.nextToken
        }
        return try await LeasedLock.run(
            name,
            timeout: timeout,
            pauses: .local,
            take: { take(name, token: token, lease: ttl, now: clock.nowMicroseconds()) },
            release: { release(name, token: token) },
            body
        )
    }

    /// Takes `name` for `token` unless a live lease holds it.
    private func take(_ name: String, token: UInt64, lease: Int64, now: Int64) -> Bool {
        state.withLock { state in
            if let holder = state.holders[name], holder.leaseEnd > now { return false }
            state.holders[name] = Holder(token: token, leaseEnd: addClamped(now, max(lease, 1)))
            return true
        }
    }

    /// Gives `name` up if `token` still holds it.
    private func release(_ name: String, token: UInt64) {
        state.withLock { state in
            if state.holders[name]?.token == token { state.holders[name] = nil }
        }
    }
}
