/// Which primary serves each of the 16,384 slots, as a node answered `CLUSTER SLOTS`.
struct RedisSlotMap: Sendable {
    /// The primaries, each once.
    private(set) var primaries: [RedisNodeAddress] = []
    /// For each slot, the index of its primary in ``primaries``, or -1 when no node serves it.
    private var owners = [Int16](repeating: -1, count: RedisHashSlot.count)

    /// The primary that serves `slot`, if any.
    func primary(for slot: Int) -> RedisNodeAddress? {
        let owner = owners[slot]
        return owner < 0 ? nil : primaries[Int(owner)]
    }

    /// Records that `slot` now lives on `node` (after a `MOVED`).
    mutating func assign(_ slot: Int, to node: RedisNodeAddress) {
        owners[slot] = Int16(index(of: node))
    }

    private mutating func index(of node: RedisNodeAddress) -> Int {
        if let index = primaries.firstIndex(of: node) { return index }
        primaries.append(node)
        return primaries.count - 1
    }
}

extension RedisSlotMap {
    /// Reads a `CLUSTER SLOTS` reply: ranges `[start, end, [host, port, id, …], replica…]`.
    ///
    /// - Parameter queried: The node that answered; an empty or `?` host means "the host you asked".
    init(clusterSlots reply: RESPValue, queried: RedisNodeAddress) throws {
        guard let ranges = reply.array else { throw Self.unexpected(reply) }
        for range in ranges {
            guard let fields = range.array, fields.count >= 3, let start = fields[0].int, let end = fields[1].int,
                0 <= start, start <= end, end < RedisHashSlot.count,
                let primary = fields[2].array, primary.count >= 2, let host = primary[0].string,
                let port = primary[1].int
            else { throw Self.unexpected(reply) }
            let address = RedisNodeAddress(host: host.isEmpty || host == "?" ? queried.host : host, port: Int(port))
            let owner = Int16(index(of: address))
            for slot in Int(start)...Int(end) { owners[slot] = owner }
        }
        guard !primaries.isEmpty else {
            throw RedisClientError(.slotUnassigned, "\(queried) answered CLUSTER SLOTS with no slots")
        }
    }

    private static func unexpected(_ reply: RESPValue) -> RedisClientError {
        RedisClientError(.protocolError, "unexpected reply to CLUSTER SLOTS: \(reply)")
    }
}
