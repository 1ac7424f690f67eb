// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import TraffikConnectionPool

/// The replies a ``RedisSentinelClient`` reads from sentinels and primaries, read strictly: a reply of another shape,
/// or one that names an address no server can have, is a ``RedisClientError/Kind/protocolError``, never a trap.
enum RedisSentinelReply {
    /// The address in a reply to `SENTINEL get-master-addr-by-name`: two strings, the host and the port; `nil` for the
    /// null reply, which means that the sentinel monitors no primary of that name.
    ///
    /// - Throws: ``RedisClientError/Kind/protocolError`` for any other reply, an empty or unprintable host, or a port
    ///   outside `1...65535`.
    static func primaryAddress(
        in reply: RESPValue,
        from sentinel: RedisNodeAddress,
        name: String
    ) throws(RedisClientError) -> RedisNodeAddress? {
        if reply.isNull { return nil }
        guard let parts = reply.array, parts.count == 2, let host = parts[0].string, let port = parts[1].int,
            let address = RedisNodeAddress(serverNamedHost: host, port: port)
        else {
            throw RedisClientError(
                .protocolError,
                "sentinel \(sentinel) answered SENTINEL get-master-addr-by-name \(name) with \(reply), "
                    + "not the host and port of a primary"
            )
        }
        return address
    }

    /// Whether a reply to `ROLE` says `master`: an array whose first element is that word.
    static func isPrimary(role reply: RESPValue) -> Bool {
        reply.array?.first?.string == "master"
    }

    /// The role a reply to `ROLE` names (`slave`, `sentinel`), for messages; a short rendering of anything else.
    static func roleName(_ reply: RESPValue) -> String {
        reply.array?.first?.string.map(ReplyExcerpt.of) ?? "\(reply)"
    }

    /// What one message on a `+switch-master` subscription says.
    enum Message: Equatable {
        /// The sentinel confirmed the subscription.
        case subscribed
        /// The primary of the watched name is now at this address.
        case switched(RedisNodeAddress)
        /// A `+switch-master` for the watched name whose new address cannot be read.
        case malformedSwitch(String)
        /// Anything else: a switch of another name, a ping's answer.
        case other
        /// An error reply: the sentinel refused the subscription (or the `AUTH` before it).
        case refused(String)
    }

    /// Reads a message of a `+switch-master` subscription for the primary named `name`.
    ///
    /// A switch is `["message", "+switch-master", "<name> <old host> <old port> <new host> <new port>"]`.
    static func message(_ reply: RESPValue, name: String) -> Message {
        if case .error(let text) = reply { return .refused(ReplyExcerpt.of(text)) }
        guard let parts = reply.array, parts.count == 3, parts[1].string == switchMasterChannel else { return .other }
        switch parts[0].string {
        case "subscribe":
            return .subscribed
        case "message":
            guard let payload = parts[2].string else { return .malformedSwitch("\(parts[2])") }
            let words = payload.split(separator: " ", omittingEmptySubsequences: true)
            guard words.first.map(String.init) == name else { return .other }
            guard words.count == 5, let port = Int64(words[4]),
                let address = RedisNodeAddress(serverNamedHost: String(words[3]), port: port)
            else { return .malformedSwitch(ReplyExcerpt.of(payload)) }
            return .switched(address)
        default:
            return .other
        }
    }

    /// The channel on which sentinels announce a new primary.
    static let switchMasterChannel = "+switch-master"
}
