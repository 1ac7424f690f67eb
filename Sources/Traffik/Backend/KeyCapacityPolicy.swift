// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// What ``InMemoryBackend`` does with a new key when its table is full of live keys, or of their bytes.
///
/// Expired keys are always dropped first, and a key expires only once its state is as good as no state (a token
/// bucket that has refilled, a window that has ended). So when the table is still full, every key in it belongs to
/// a client with a consumed budget, and evicting one would hand that client a fresh budget: an attacker flooding
/// new identities could then free a throttled client. The default refuses the new key instead.
///
/// The same policy applies when the table's byte budget (``InMemoryBackend/maxBytes``) is reached, by a new key or
/// by an existing key's state that grows (a sliding window log); a refused update keeps the old state. Finding out
/// that the table is full costs one look at each shard's expiry heap, never a scan.
public struct KeyCapacityPolicy: Sendable, Hashable {
    enum Base: Sendable, Hashable {
        case refuse(retryAfterMicroseconds: Int64)
        case fail
        case evictSoonestFresh
    }
    let base: Base

    /// Refuse requests that would create a new key, as throttled decisions with ``Decision/Reason/keyCapacity``,
    /// until keys expire. Clients already in the table are decided as usual (a state that would grow past the byte
    /// budget is refused the same way and keeps its old value). The default.
    public static func refuseNewKeys(retryAfter: Duration = .seconds(1)) -> KeyCapacityPolicy {
        KeyCapacityPolicy(base: .refuse(retryAfterMicroseconds: max(retryAfter.wholeMicroseconds, 1)))
    }

    /// The default: ``refuseNewKeys(retryAfter:)`` with a one-second wait.
    public static let `default` = refuseNewKeys()

    /// Throw ``BackendError/Kind/keyCapacity``, so the throttle's ``ErrorPolicy`` decides (allow, throttle, raise).
    public static let failNewKeys = KeyCapacityPolicy(base: .fail)

    /// Evict the key that would become fresh soonest, so the new key is tracked. The evicted client gains at most
    /// the time its state had left; a throttled client can be freed early. A long key evicts as many keys as its bytes
    /// need. Each eviction costs O(log n) in the shard's size.
    public static let evictSoonestFresh = KeyCapacityPolicy(base: .evictSoonestFresh)
}
