// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

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

/// One stored key: its value, when it expires (microseconds since the epoch; `Int64.max` for never), and where it
/// sits in the shard's expiry heap.
struct Slot {
    let key: StoreKey
    var bytes: [UInt8]
    var expiresAt: Int64
    var heapPosition: Int
}

/// A reusable buffer for encoding state under a shard's lock, so a hot key's update allocates nothing.
final class ScratchBuffer {
    var bytes: [UInt8] = []
}

/// One lock and the table it guards.
final class Shard: Sendable {
    let storage = Mutex(ShardTable())
}

/// The most keys and bytes one shard holds.
struct ShardLimits {
    let keys: Int
    let bytes: Int
}

/// The keys of one shard: a dense array of slots, a dictionary from key to slot, and a binary min-heap of slots
/// ordered by expiry.
///
/// Every operation costs O(1) or O(log n) in the shard's size, never a scan: the heap's root is the key that
/// expires soonest, so "is anything expired?" and "which key becomes fresh first?" are answered by one look. Expired
/// keys are dropped when read, a couple at a time from the root when a key is added, and from the root as needed
/// when the shard is full. `examined` counts the entries each of those steps looks at, so tests can bound the work.
struct ShardTable {
    private(set) var slotIndex: [StoreKey: Int] = [:]
    var slots: [Slot] = []
    /// Slot indices; `slots[heap[i]].expiresAt` is never less than at `heap[(i - 1) / 2]`.
    var heap: [Int] = []
    /// The bytes charged for the shard's entries (see ``InMemoryBackend/footprint(keyBytes:valueBytes:)``).
    private(set) var footprint = 0
    let scratch = ScratchBuffer()
    /// Entries looked at by heap steps and eviction since the shard was created.
    var examined = 0

    var count: Int { slots.count }

    /// The slot of `key` if it is present and not expired; an expired entry is removed.
    mutating func liveSlot(of key: StoreKey, now: Int64) -> Int? {
        guard let slot = slotIndex[key] else { return nil }
        if slots[slot].expiresAt <= now {
            remove(slot)
            return nil
        }
        return slot
    }

    /// The slot of `key`, expired or not.
    func slot(of key: StoreKey) -> Int? { slotIndex[key] }

    /// The bytes charged for the entry in `slot`.
    func footprint(of slot: Int) -> Int {
        InMemoryBackend.footprint(keyBytes: slots[slot].key.text.utf8.count, valueBytes: slots[slot].bytes.count)
    }

    /// Adds a key that is not in the table; the caller has made room.
    mutating func insert(_ key: StoreKey, bytes: [UInt8], expiresAt: Int64) {
        let slot = slots.count
        slots.append(Slot(key: key, bytes: compacted(bytes), expiresAt: expiresAt, heapPosition: heap.count))
        heap.append(slot)
        slotIndex[key] = slot
        footprint += footprint(of: slot)
        siftUp(heap.count - 1)
    }

    /// Adds a key whose value is the scratch buffer's.
    mutating func insertScratch(_ key: StoreKey, expiresAt: Int64) {
        insert(key, bytes: scratch.bytes, expiresAt: expiresAt)
    }

    /// Replaces the value in `slot` with `bytes`.
    mutating func setBytes(at slot: Int, _ bytes: [UInt8]) {
        footprint -= slots[slot].bytes.count
        slots[slot].bytes = compacted(bytes)
        footprint += slots[slot].bytes.count
    }

    /// Replaces the value in `slot` with the scratch buffer's. Swaps rather than copies: the old bytes become the
    /// next scratch buffer, so nothing allocates.
    mutating func takeScratch(at slot: Int) {
        footprint -= slots[slot].bytes.count
        if hasSlack(scratch.bytes) {
            slots[slot].bytes = compacted(scratch.bytes)
        } else {
            swap(&slots[slot].bytes, &scratch.bytes)
        }
        footprint += slots[slot].bytes.count
    }

    /// Moves the expiry of `slot`, keeping the heap ordered.
    mutating func setExpiry(at slot: Int, _ expiresAt: Int64) {
        let old = slots[slot].expiresAt
        slots[slot].expiresAt = expiresAt
        if expiresAt < old {
            siftUp(slots[slot].heapPosition)
        } else if expiresAt > old {
            siftDown(slots[slot].heapPosition)
        }
    }

    /// Removes the entry in `slot`; the last slot moves into its place.
    mutating func remove(_ slot: Int) {
        footprint -= footprint(of: slot)
        removeFromHeap(at: slots[slot].heapPosition)
        slotIndex.removeValue(forKey: slots[slot].key)
        let last = slots.count - 1
        if slot != last {
            slots.swapAt(slot, last)
            slotIndex[slots[slot].key] = slot
            heap[slots[slot].heapPosition] = slot
        }
        slots.removeLast()
    }

    mutating func removeAll() {
        slotIndex.removeAll()
        slots.removeAll()
        heap.removeAll()
        footprint = 0
    }
}

/// The spare capacity a stored value may carry; the per-entry overhead accounts for it.
let maximumSlackBytes = 32

/// Whether `bytes` has more spare capacity than a stored value may carry.
private func hasSlack(_ bytes: [UInt8]) -> Bool {
    bytes.capacity - bytes.count > maximumSlackBytes
}

/// `bytes`, copied into a buffer of its own size when its spare capacity is larger than a stored value may carry,
/// so the bytes charged for an entry are the bytes it holds.
private func compacted(_ bytes: [UInt8]) -> [UInt8] {
    guard hasSlack(bytes) else { return bytes }
    return [UInt8](unsafeUninitializedCapacity: bytes.count) { buffer, initialized in
        initialized = buffer.initialize(fromContentsOf: bytes)
    }
}
