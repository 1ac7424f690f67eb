/// Removes every key matching a pattern with `SCAN` and `UNLINK`, a batch at a time: never `KEYS` or `FLUSHDB`,
/// so a reset neither blocks the server nor touches another application's keys.
struct RedisNamespaceScan: Sendable {
    let client: RedisClient
    /// A `SCAN MATCH` pattern, with the namespace's glob characters escaped.
    let pattern: String
    /// How many keys to ask for per `SCAN`.
    var batch = 1_000

    /// Unlinks every matching key; returns how many were removed.
    @discardableResult
    func unlinkAll() async throws -> Int {
        var cursor = "0"
        var removed = 0
        repeat {
            let reply = try await client.send(
                "SCAN",
                RESPArgument(cursor),
                "MATCH",
                RESPArgument(pattern),
                "COUNT",
                RESPArgument(batch)
            )
            guard let parts = reply.array, parts.count == 2, let next = parts[0].string, let keys = parts[1].array
            else {
                throw RedisClientError(.protocolError, "unexpected reply to SCAN: \(reply)")
            }
            let names = keys.compactMap(\.bytes)
            if !names.isEmpty {
                removed += Int(try await client.send(["UNLINK"] + names.map(RESPArgument.init)).int ?? 0)
            }
            cursor = next
        } while cursor != "0"
        return removed
    }
}
