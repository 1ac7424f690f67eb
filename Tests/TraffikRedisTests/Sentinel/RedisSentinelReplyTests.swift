// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import Testing

@testable import TraffikRedis

/// Sentinel replies that name impossible addresses or have another shape: each is a protocol error, never a trap.
@Suite struct RedisSentinelReplyTests {
    private let sentinel = RedisNodeAddress(host: "10.0.0.7", port: 26_379)

    private func address(_ reply: RESPValue) throws -> RedisNodeAddress? {
        try RedisSentinelReply.primaryAddress(in: reply, from: sentinel, name: "limits")
    }

    private func pair(_ host: String, _ port: String) -> RESPValue {
        .array([.bulkString(Array(host.utf8)), .bulkString(Array(port.utf8))])
    }

    @Test func theAddressOfThePrimaryIsRead() throws {
        #expect(try address(pair("10.0.0.9", "6380")) == RedisNodeAddress(host: "10.0.0.9", port: 6380))
        #expect(try address(pair("fd00::9", "65535")) == RedisNodeAddress(host: "fd00::9", port: 65_535))
    }

    @Test func theNullReplyMeansAnUnknownName() throws {
        #expect(try address(.null) == nil)
    }

    @Test(arguments: [
        ["10.0.0.9", "0"], ["10.0.0.9", "70000"], ["10.0.0.9", "-6379"], ["10.0.0.9", "99999999999999999999"],
        ["10.0.0.9", "six"], ["", "6379"], ["10.0.0.9 evil", "6379"], ["10.0.0.9\r\n", "6379"],
    ])
    func anImpossibleAddressIsAProtocolError(parts: [String]) {
        #expect {
            _ = try address(pair(parts[0], parts[1]))
        } throws: { error in
            (error as? RedisClientError)?.kind == .protocolError
        }
    }

    @Test(arguments: [
        RESPValue.simpleString("OK"), .integer(6379), .array([]), .array([.bulkString(Array("10.0.0.9".utf8))]),
        .array([.bulkString(Array("10.0.0.9".utf8)), .integer(6379), .integer(1)]), .bulkString([0xFF, 0xFE]),
        .array([.array([]), .array([])]), .array([.bulkString([0xFF]), .bulkString(Array("6379".utf8))]),
    ])
    func aReplyOfAnotherShapeIsAProtocolError(reply: RESPValue) {
        #expect {
            _ = try address(reply)
        } throws: { error in
            guard let error = error as? RedisClientError else { return false }
            return error.kind == .protocolError && error.message.contains("10.0.0.7:26379")
        }
    }

    @Test func onlyAMasterRoleIsAPrimary() {
        let master = RESPValue.array([.bulkString(Array("master".utf8)), .integer(1), .array([])])
        let replica = RESPValue.array([.bulkString(Array("slave".utf8)), .bulkString(Array("10.0.0.9".utf8))])
        #expect(RedisSentinelReply.isPrimary(role: master))
        #expect(!RedisSentinelReply.isPrimary(role: replica))
        #expect(!RedisSentinelReply.isPrimary(role: .simpleString("master")))
        #expect(!RedisSentinelReply.isPrimary(role: .null))
        #expect(RedisSentinelReply.roleName(replica) == "slave")
    }

    // MARK: - The subscription

    private func message(_ payload: RESPValue, channel: String = "+switch-master") -> RedisSentinelReply.Message {
        RedisSentinelReply.message(
            .array([.bulkString(Array("message".utf8)), .bulkString(Array(channel.utf8)), payload]),
            name: "limits"
        )
    }

    private func text(_ text: String) -> RESPValue { .bulkString(Array(text.utf8)) }

    @Test func aSwitchOfTheWatchedNameNamesTheNewPrimary() {
        #expect(
            message(text("limits 10.0.0.8 6379 10.0.0.9 6380"))
                == .switched(RedisNodeAddress(host: "10.0.0.9", port: 6380))
        )
        #expect(message(text("other 10.0.0.8 6379 10.0.0.9 6380")) == .other)
        #expect(message(text("limits-b 10.0.0.8 6379 10.0.0.9 6380")) == .other)
        #expect(message(text("limits 10.0.0.8 6379 10.0.0.9 6380"), channel: "+sdown") == .other)
    }

    @Test(arguments: [
        "limits 10.0.0.8 6379 10.0.0.9 0", "limits 10.0.0.8 6379 10.0.0.9 70000", "limits 10.0.0.8 6379 10.0.0.9",
        "limits", "limits 10.0.0.8 6379 10.0.0.9 6380 extra", "limits a b c x",
    ])
    func aSwitchWithoutAUsableAddressIsReported(payload: String) {
        guard case .malformedSwitch = message(text(payload)) else {
            Issue.record("\(payload) read as \(message(text(payload)))")
            return
        }
    }

    @Test func subscriptionRepliesAreRecognised() {
        let confirmation = RESPValue.array([text("subscribe"), text("+switch-master"), .integer(1)])
        #expect(RedisSentinelReply.message(confirmation, name: "limits") == .subscribed)
        #expect(RedisSentinelReply.message(.array([text("pong"), text("")]), name: "limits") == .other)
        #expect(RedisSentinelReply.message(.simpleString("OK"), name: "limits") == .other)
        #expect(RedisSentinelReply.message(.error("NOPERM no"), name: "limits") == .refused("NOPERM no"))
        #expect(message(.integer(3)) == .malformedSwitch("(integer) 3"))
    }
}
