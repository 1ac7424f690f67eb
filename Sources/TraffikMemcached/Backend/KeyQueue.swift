// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// Turns for keys within one process: the compare-and-swap decisions of one backend on one key run one at a time,
/// in arrival order, so that a hot key's writers in this process never race each other, only other processes.
///
/// Without it, n concurrent decisions on a key cost O(n²) failed writes; with it, contention is bounded by the
/// number of processes, and each decision costs its two round trips.
final class KeyQueue: Sendable {
    private struct Waiters {
        var queue: [CheckedContinuation<Void, Never>] = []
        var next = 0
    }

    /// The keys whose turn is taken, with the decisions waiting for it.
    private let held = Mutex<[MemcachedKey: Waiters]>([:])

    /// Runs `body` when it is this call's turn on `key`.
    func withTurn<T>(on key: MemcachedKey, _ body: () async throws -> T) async throws -> T {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let isFree = held.withLock { held in
                guard held[key] != nil else {
                    held[key] = Waiters()
                    return true
                }
                held[key]!.queue.append(continuation)
                return false
            }
            if isFree { continuation.resume() }
        }
        defer { passTurn(on: key) }
        return try await body()
    }

    /// Hands the turn on `key` to the next waiter, or frees the key.
    private func passTurn(on key: MemcachedKey) {
        let next = held.withLock { held -> CheckedContinuation<Void, Never>? in
            guard var waiters = held[key], waiters.next < waiters.queue.count else {
                held[key] = nil
                return nil
            }
            let continuation = waiters.queue[waiters.next]
            waiters.next += 1
            if waiters.next >= 64, waiters.next * 2 >= waiters.queue.count {
                // Drop the served half, so that a key that stays hot does not grow its queue for ever.
                waiters.queue.removeFirst(waiters.next)
                waiters.next = 0
            }
            held[key] = waiters
            return continuation
        }
        next?.resume()
    }
}
