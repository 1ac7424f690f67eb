// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// Which primary serves each of the 16,384 slots, as a node answered `CLUSTER SLOTS`.
struct RedisSlotMap: Sendable {
    /// The primaries, each once.
    private(set) var primaries: [RedisNodeAddress] = []
    /// For each slot, the index of its primary in ``primaries``, or -1 when no node serves it.
    private var owners = [Int32](repeating: -1, count: RedisHashSlot.count)
    /// The index of each primary in ``primaries``.
    private var positions: [RedisNodeAddress: Int] = [:]

    /// The primary that serves `slot`, if any (`nil` too for a slot outside `0..<16384`).
    func primary(for slot: Int) -> RedisNodeAddress? {
        guard owners.indices.contains(slot) else { return nil }
        let owner = Int(owners[slot])
        return primaries.indices.contains(owner) ? primaries[owner] : nil
    }

    /// Records that `slot` now lives on `node` (after a `MOVED`); a slot outside `0..<16384` is ignored.
    mutating func assign(_ slot: Int, to node: RedisNodeAddress) {
        guard owners.indices.contains(slot) else { return }
        owners[slot] = Int32(index(of: node))
        // A node that no longer owns a slot is no primary: with at most one primary a slot, the list stays short
        // however many nodes `MOVED` replies name.
        if primaries.count > RedisHashSlot.count { dropPrimariesWithoutSlots() }
    }

    private mutating func index(of node: RedisNodeAddress) -> Int {
        if let index = positions[node] { return index }
        positions[node] = primaries.count
        primaries.append(node)
        return primaries.count - 1
    }

    private mutating func dropPrimariesWithoutSlots() {
        var kept: [RedisNodeAddress] = []
        var newIndex = [Int32](repeating: -1, count: primaries.count)
        for slot in owners.indices where owners[slot] >= 0 {
            let old = Int(owners[slot])
            if newIndex[old] < 0 {
                newIndex[old] = Int32(kept.count)
                kept.append(primaries[old])
            }
            owners[slot] = newIndex[old]
        }
        primaries = kept
        positions = Dictionary(uniqueKeysWithValues: kept.enumerated().map { ($1, $0) })
    }
}

extension RedisSlotMap {
    /// Reads a `CLUSTER SLOTS` reply: ranges `[start, end, [host, port, id, …], replica…]`.
    ///
    /// Every range must lie in `0..<16384`, start no later than it ends, and not overlap another; every primary's
    /// port must be in `1...65535`.
    ///
    /// - Parameter queried: The node that answered; an empty or `?` host means "the host you asked".
    /// - Throws: ``RedisClientError/Kind/protocolError`` for any other reply, naming what is wrong and quoting the
    ///   start of the reply; ``RedisClientError/Kind/slotUnassigned`` for a reply with no ranges.
    init(clusterSlots reply: RESPValue, queried: RedisNodeAddress) throws {
        func unexpected(_ problem: String) -> RedisClientError {
            RedisClientError(.protocolError, "\(queried) answered CLUSTER SLOTS with \(problem): \(reply)")
        }
        guard let ranges = reply.array else { throw unexpected("no array") }
        // Ranges do not overlap, so there are at most as many as slots.
        guard ranges.count <= RedisHashSlot.count else { throw unexpected("\(ranges.count) ranges") }
        for range in ranges {
            guard let fields = range.array, fields.count >= 3, let start = fields[0].int, let end = fields[1].int,
                let primary = fields[2].array, primary.count >= 2, let host = primary[0].string,
                let port = primary[1].int
            else { throw unexpected("a range that is not [start, end, [host, port, …], …]") }
            guard 0 <= start, start <= end, end < RedisHashSlot.count else {
                throw unexpected("the slot range \(start)...\(end), outside 0...\(RedisHashSlot.count - 1)")
            }
            guard
                let address = RedisNodeAddress(
                    serverNamedHost: host.isEmpty || host == "?" ? queried.host : host,
                    port: port
                )
            else { throw unexpected("a node at port \(port) (outside 1...65535) or with a host that cannot be one") }
            let owner = Int32(index(of: address))
            for slot in Int(start)...Int(end) {
                guard owners[slot] < 0 else { throw unexpected("slot \(slot) in two ranges") }
                owners[slot] = owner
            }
        }
        guard !primaries.isEmpty else {
            throw RedisClientError(.slotUnassigned, "\(queried) answered CLUSTER SLOTS with no slots")
        }
    }
}
