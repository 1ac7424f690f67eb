// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// The binary min-heap of slots by expiry: each step is O(log n) and counts the entries it looks at.
extension ShardTable {
    /// The slot that expires soonest.
    var soonest: Int? { heap.first }

    /// The slot that expires soonest other than `kept`: the root, or when the root is `kept`, the earlier of its
    /// children.
    func soonest(otherThan kept: StoreKey?) -> Int? {
        guard let root = heap.first else { return nil }
        guard let kept, slots[root].key == kept else { return root }
        switch heap.count {
        case 1: return nil
        case 2: return heap[1]
        default: return slots[heap[1]].expiresAt <= slots[heap[2]].expiresAt ? heap[1] : heap[2]
        }
    }

    /// Moves the slot at heap `position` toward the root while it expires before its parent; returns where it ends.
    @discardableResult
    mutating func siftUp(_ start: Int) -> Int {
        var position = start
        let slot = heap[position]
        let expiresAt = slots[slot].expiresAt
        while position > 0 {
            examined += 1
            let parent = (position - 1) / 2
            let parentSlot = heap[parent]
            guard slots[parentSlot].expiresAt > expiresAt else { break }
            heap[position] = parentSlot
            slots[parentSlot].heapPosition = position
            position = parent
        }
        heap[position] = slot
        slots[slot].heapPosition = position
        return position
    }

    /// Moves the slot at heap `position` toward the leaves while a child expires before it.
    mutating func siftDown(_ start: Int) {
        var position = start
        let slot = heap[position]
        let expiresAt = slots[slot].expiresAt
        while true {
            let left = 2 * position + 1
            guard left < heap.count else { break }
            examined += 1
            var child = left
            if left + 1 < heap.count, slots[heap[left + 1]].expiresAt < slots[heap[left]].expiresAt {
                child = left + 1
            }
            let childSlot = heap[child]
            guard slots[childSlot].expiresAt < expiresAt else { break }
            heap[position] = childSlot
            slots[childSlot].heapPosition = position
            position = child
        }
        heap[position] = slot
        slots[slot].heapPosition = position
    }

    /// Takes the slot at heap `position` out of the heap (its slot stays until the caller removes it).
    mutating func removeFromHeap(at position: Int) {
        let last = heap.count - 1
        if position != last {
            heap[position] = heap[last]
            slots[heap[position]].heapPosition = position
        }
        heap.removeLast()
        guard position < heap.count else { return }
        if siftUp(position) == position { siftDown(position) }
    }

    /// Whether the heap, the slots and the dictionary agree (for tests).
    func isConsistent() -> Bool {
        guard heap.count == slots.count, slotIndex.count == slots.count else { return false }
        for (position, slot) in heap.enumerated() {
            guard slots[slot].heapPosition == position, slotIndex[slots[slot].key] == slot else { return false }
            if position > 0, slots[heap[(position - 1) / 2]].expiresAt > slots[slot].expiresAt { return false }
        }
        let charged = slots.indices.reduce(0) { $0 + footprint(of: $1) }
        return charged == footprint
    }
}
