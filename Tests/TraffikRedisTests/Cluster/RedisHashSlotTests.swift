// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import Testing

@testable import TraffikRedis

@Suite struct RedisHashSlotTests {
    @Test func crc16IsXModem() {
        #expect(CRC16.checksum(Array("123456789".utf8)) == 0x31C3)
        #expect(CRC16.checksum([]) == 0)
    }

    /// Values from the Redis documentation of `CLUSTER KEYSLOT` and the hash tag rules of the cluster specification.
    @Test(arguments: [
        ("somekey", 11_058), ("foo{hash_tag}", 2_515), ("bar{hash_tag}", 2_515), ("foo", 12_182),
        ("{user1000}.following", 3_443), ("foo{}{bar}", 8_363), ("foo{{bar}}zap", 4_015), ("foo{bar}{zap}", 5_061),
        ("", 0),
    ])
    func knownSlots(key: String, slot: Int) {
        #expect(RedisHashSlot.of(key) == slot)
    }

    @Test func aHashTagKeepsKeysTogether() {
        #expect(RedisHashSlot.of("{user1000}.following") == RedisHashSlot.of("{user1000}.followers"))
        #expect(RedisHashSlot.of("shop:{checkout}") == RedisHashSlot.of("checkout"))
        // An empty tag does not count: the whole key is hashed.
        #expect(RedisHashSlot.of("{}a") != RedisHashSlot.of("{}b"))
    }

    /// The slots of many keys, tagged, untagged, malformed and binary, agree with the server's `CLUSTER KEYSLOT`.
    @Test func agreesWithTheServer() async throws {
        var keys: [[UInt8]] = [
            "{", "}", "{}", "}{", "a{b", "a}b{c}", "{{}}", "{a}{b}", "x{}y{z}", "é{ü}", "traffik:{hot}",
        ]
        .map { Array($0.utf8) }
        var generator = SystemRandomNumberGenerator()
        for length in 0..<200 {
            keys.append((0..<(length % 40)).map { _ in UInt8.random(in: 0...255, using: &generator) })
            keys.append(Array("key:\(length):{tag\(length % 7)}".utf8))
        }
        let replies = try await RedisClusterProcess.withLoneNode { node in
            try await withClient(of: node) {
                try await $0.pipeline(keys.map { ["CLUSTER", "KEYSLOT", RESPArgument($0)] })
            }
        }
        #expect(replies.count == keys.count)
        for (key, reply) in zip(keys, replies) {
            #expect(reply.int.map(Int.init) == RedisHashSlot.of(key), "key \(key)")
        }
    }
}
