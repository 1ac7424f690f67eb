// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// The keys a command touches, read from its arguments, for routing it in a cluster.
///
/// Scripts and functions name their keys (`EVALSHA sha numkeys key…`); a few commands take only keys (`DEL`,
/// `MGET`…) or key–value pairs (`MSET`); commands about the server (`PING`, `TIME`, `SCRIPT LOAD`, `CLUSTER …`) take
/// none; any other command is taken to have its key first, which holds for the commands on one key.
enum RedisCommandKeys {
    static func of(_ arguments: [RESPArgument]) -> [RESPArgument] {
        guard let name = arguments.first.map({ String(decoding: $0.bytes, as: UTF8.self).uppercased() }) else {
            return []
        }
        let rest = arguments.dropFirst()
        switch name {
        case "EVAL", "EVALSHA", "EVAL_RO", "EVALSHA_RO", "FCALL", "FCALL_RO":
            guard rest.count >= 2, let count = Int(String(decoding: rest[2].bytes, as: UTF8.self)), count >= 0 else {
                return []
            }
            return Array(rest.dropFirst(2).prefix(count))
        case "DEL", "UNLINK", "EXISTS", "TOUCH", "MGET", "WATCH", "SINTER", "SUNION", "SDIFF", "PFCOUNT":
            return Array(rest)
        case "MSET", "MSETNX":
            return rest.enumerated().filter { $0.offset.isMultiple(of: 2) }.map(\.element)
        case "PING", "ECHO", "TIME", "INFO", "DBSIZE", "SCRIPT", "FUNCTION", "CLUSTER", "CLIENT", "CONFIG", "COMMAND",
            "HELLO", "AUTH", "SELECT", "ASKING", "READONLY", "READWRITE", "LASTSAVE", "MULTI", "EXEC", "DISCARD",
            "FLUSHALL", "FLUSHDB", "SCAN", "RANDOMKEY", "KEYS", "WAIT":
            return []
        default:
            return rest.first.map { [$0] } ?? []
        }
    }
}
