// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// Making room in a full shard, from the heap's root: expired keys first, then (under
/// ``KeyCapacityPolicy/evictSoonestFresh``) the key that becomes fresh soonest.
extension ShardTable {
    /// Expired keys dropped from the root each time a key is added: more than one, so the table shrinks back to its
    /// live keys as it is used, with no sweep.
    static let reclaimedPerInsert = 2

    /// Drops up to `limit` expired keys from the root of the heap.
    mutating func reclaimExpired(now: Int64, limit: Int = reclaimedPerInsert) {
        for _ in 0..<limit {
            guard let root = soonest else { return }
            examined += 1
            guard slots[root].expiresAt <= now else { return }
            remove(root)
        }
    }

    /// Makes room for `keys` more keys and `bytes` more bytes, never evicting `kept`; `false` when the shard stays
    /// too full, having removed only expired keys (or, under ``KeyCapacityPolicy/evictSoonestFresh``, the keys that
    /// become fresh soonest).
    ///
    /// Each key removed costs O(log n); a new key into a shard full of live keys looks at one entry before it is
    /// refused. An entry that cannot fit even in an empty shard is refused at once.
    mutating func makeRoom(
        keys: Int,
        bytes: Int,
        limits: ShardLimits,
        now: Int64,
        policy: KeyCapacityPolicy,
        keeping kept: StoreKey? = nil
    ) -> Bool {
        if keys > 0 { reclaimExpired(now: now) }
        let keptFootprint = kept.flatMap { slot(of: $0) }.map { footprint(of: $0) } ?? 0
        guard keys <= limits.keys, bytes <= limits.bytes - keptFootprint else { return false }
        while slots.count + keys > limits.keys || footprint + bytes > limits.bytes {
            guard let candidate = soonest(otherThan: kept) else { return false }
            examined += 1
            if slots[candidate].expiresAt > now {
                guard case .evictSoonestFresh = policy.base else { return false }
            }
            remove(candidate)
        }
        return true
    }
}
