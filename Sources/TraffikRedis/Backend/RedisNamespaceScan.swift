// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// Removes every key matching a pattern with `SCAN` and `UNLINK`, a batch at a time: never `KEYS` or `FLUSHDB`,
/// so a reset neither blocks the server nor touches another application's keys.
///
/// It scans one server: on a cluster, run one scan per primary. Keys are unlinked one `UNLINK` per hash slot, in one
/// pipeline per batch, since a cluster node refuses a command whose keys lie in different slots.
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
            let bySlot = Dictionary(grouping: keys.compactMap(\.bytes), by: RedisHashSlot.of)
            let unlinks = bySlot.values.map { names in ["UNLINK"] + names.map(RESPArgument.init) }
            if !unlinks.isEmpty {
                removed += try await client.pipeline(unlinks).reduce(0) { $0 + Int($1.int ?? 0) }
            }
            cursor = next
        } while cursor != "0"
        return removed
    }
}
