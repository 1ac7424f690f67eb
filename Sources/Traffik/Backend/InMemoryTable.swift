import Synchronization

/// A key with its hash computed once: the shard is chosen by the same hash the table uses.
struct StoreKey: Hashable {
    let text: String
    let hash: Int

    init(_ text: String) {
        self.text = text
        self.hash = text.hashValue
    }

    static func == (lhs: StoreKey, rhs: StoreKey) -> Bool { lhs.hash == rhs.hash && lhs.text == rhs.text }
    func hash(into hasher: inout Hasher) { hasher.combine(hash) }
}

/// One stored value and when it expires (microseconds since the epoch; `Int64.max` for never).
struct Entry {
    var bytes: [UInt8]
    var expiresAt: Int64
}

/// A reusable buffer for encoding state under a shard's lock, so a hot key's update allocates nothing.
final class ScratchBuffer {
    var bytes: [UInt8] = []
}

/// One lock and the table it guards.
final class Shard: Sendable {
    let storage = Mutex(ShardTable())
}

/// The keys of one shard, with lazy expiry and an amortised sweep.
struct ShardTable {
    var entries: [StoreKey: Entry] = [:]
    let scratch = ScratchBuffer()
    /// The size at which the next insert sweeps expired keys; doubles with the live size, so sweeps cost O(1)
    /// per insert on average.
    private var sweepAt = 64

    /// The index of `key` if it is present and not expired; an expired entry is removed.
    mutating func liveIndex(of key: StoreKey, now: Int64) -> Dictionary<StoreKey, Entry>.Index? {
        guard let index = entries.index(forKey: key) else { return nil }
        if entries.values[index].expiresAt <= now {
            entries.remove(at: index)
            return nil
        }
        return index
    }

    /// Makes room for one new key, sweeping expired keys when due; `false` when the shard stays full.
    mutating func makeRoom(capacity: Int, now: Int64, policy: KeyCapacityPolicy) -> Bool {
        if entries.count >= sweepAt || entries.count >= capacity {
            sweep(now: now)
            sweepAt = max(64, entries.count * 2)
        }
        guard entries.count >= capacity else { return true }
        guard case .evictSoonestFresh = policy.base,
            let soonest = entries.min(by: { $0.value.expiresAt < $1.value.expiresAt })
        else { return false }
        entries.removeValue(forKey: soonest.key)
        return true
    }

    /// Removes every expired key.
    mutating func sweep(now: Int64) {
        entries = entries.filter { $0.value.expiresAt > now }
    }

    mutating func removeAll() {
        entries.removeAll()
        sweepAt = 64
    }
}
