// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

@_spi(Backend) import Traffik

extension MemcachedBackend {
    /// A strategy as a compare-and-swap loop on its encoded state: read the state and its CAS token, decide on
    /// this process's clock, and write only if no one wrote in between; else pause briefly and start over. Within
    /// this process, decisions on one key take turns (``KeyQueue``), so only other processes can get in between.
    func compareAndSwap(
        _ strategy: Strategy,
        key: MemcachedKey,
        rate: Rate,
        cost: Int,
        commit: Bool
    ) async throws -> Decision {
        guard commit else {
            let current = try await client.get(key)
            let now = clock.nowMicroseconds()
            if let current, strategy.holdsExpiredState(current.value, now: now, rate: rate) {
                // As the in-memory backend drops a key it reads after its time to live, drop a state that is already
                // as good as none, so that a clock stepping back later cannot revive it; never a value that does
                // not decode or is out of bounds (another application's).
                try await client.delete(key, ifUnchangedSince: current.cas)
            }
            return strategy.decide(encoded: current?.value, now: now, rate: rate, cost: cost).decision
        }
        counters.decided()
        return try await turns.withTurn(on: key) {
            try await compareAndSwapLoop(strategy, key: key, rate: rate, cost: cost)
        }
    }

    private func compareAndSwapLoop(
        _ strategy: Strategy,
        key: MemcachedKey,
        rate: Rate,
        cost: Int
    ) async throws -> Decision {
        do {
            return try await CompareAndSwap.run(
                key: "\(key)",
                attempts: compareAndSwapAttempts,
                onRetry: counters.retried
            ) {
                try await compareAndSwapAttempt(strategy, key: key, rate: rate, cost: cost)
            }
        } catch let error as BackendError where error.kind == .contention {
            counters.ranOut()
            throw error
        }
    }

    /// One read, decision and conditional write: the decision, or `nil` when another writer got in between.
    private func compareAndSwapAttempt(
        _ strategy: Strategy,
        key: MemcachedKey,
        rate: Rate,
        cost: Int
    ) async throws -> Decision? {
        let current = try await client.get(key)
        let transition = strategy.decide(
            encoded: current?.value,
            now: clock.nowMicroseconds(),
            rate: rate,
            cost: cost
        )
        let result: MemcachedClient.StoreResult
        let expiry = expiry(microseconds: transition.ttlMicroseconds)
        switch (current, transition.ttlMicroseconds > 0) {
        case (let current?, true) where current.value == transition.state && Self.outlives(current, expiry):
            // Unchanged (a refusal, mostly): the stored item already holds this state, long enough.
            return transition.decision
        case (let current?, true):
            result = try await client.set(key, to: transition.state, expiry: expiry, ifUnchangedSince: current.cas)
        case (nil, true):
            result = try await client.set(key, to: transition.state, expiry: expiry, mode: .add)
        case (let current?, false):
            // The new state is as good as none: remove the old one, if it is still the one read.
            result = try await client.delete(key, ifUnchangedSince: current.cas)
            if result == .notFound { return transition.decision }
        case (nil, false):
            return transition.decision
        }
        return result == .stored ? transition.decision : nil
    }

    /// Whether `item` lives at least as long as `expiry` asks (to within Memcached's one-second granularity).
    private static func outlives(_ item: MemcachedClient.Item, _ expiry: MemcachedExpiry) -> Bool {
        item.ttl < 0 || (expiry.token <= MemcachedExpiry.relativeLimit && Int64(item.ttl) + 1 >= expiry.token)
    }
}
