// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import Testing
import TraffikRedis

@Suite struct RESPValueTests {
    @Test func conveniencesReadTheMatchingCases() {
        #expect(RESPValue.integer(5).int == 5)
        #expect(RESPValue.bulkString(Array("-12".utf8)).int == -12)
        #expect(RESPValue.simpleString("7").int == 7)
        #expect(RESPValue.bulkString(Array("x".utf8)).int == nil)
        #expect(RESPValue.null.int == nil)

        #expect(RESPValue.bulkString([0, 255]).bytes == [0, 255])
        #expect(RESPValue.simpleString("OK").bytes == Array("OK".utf8))
        #expect(RESPValue.integer(1).bytes == nil)

        #expect(RESPValue.bulkString(Array("héllo".utf8)).string == "héllo")
        #expect(RESPValue.bulkString([0xFF, 0xFE]).string == nil)
        #expect(RESPValue.simpleString("PONG").string == "PONG")
        #expect(RESPValue.error("ERR x").string == nil)

        #expect(RESPValue.array([.integer(1)]).array == [.integer(1)])
        #expect(RESPValue.null.array == nil)
        #expect(RESPValue.null.isNull)
        #expect(!RESPValue.array([]).isNull)
    }

    @Test func descriptionIsReadable() {
        let value = RESPValue.array([
            .simpleString("OK"), .integer(3), .bulkString(Array("a".utf8)), .bulkString([0xFF]), .null,
        ])
        #expect(value.description == "[OK, (integer) 3, \"a\", (1 bytes), (nil)]")
    }

    @Test func aHugeReplyRendersAsItsStartAndItsSize() {
        // Before, the description of a reply of 100,000 values was megabytes long, and every error quoting it too.
        let reply = RESPValue.array((0..<100_000).map { .bulkString(Array("value-\($0)".utf8)) })
        #expect(reply.description.utf8.count < 300)
        #expect(reply.description.hasPrefix("[\"value-0\", \"value-1\""))
        #expect(reply.description.hasSuffix("(100001 values, \(reply.encodedSizeForTest) bytes in all)"))

        let bulk = RESPValue.bulkString(Array(repeating: UInt8(ascii: "z"), count: 1_000_000))
        #expect(bulk.description.utf8.count < 300)
        #expect(RESPValue.error(String(repeating: "E", count: 60_000)).description.utf8.count < 300)
        let server = RedisServerError(message: "ERR " + String(repeating: "e", count: 60_000))
        #expect(server.description.utf8.count < 300)
        #expect(server.description.contains("60004 bytes in all"))
    }

    @Test func textWithLineBreaksCannotForgeALogLine() {
        let reply = RESPValue.bulkString(Array("ok\r\nlevel=critical".utf8))
        #expect(reply.description == "\"ok\\x0D\\x0Alevel=critical\"")
    }
}

extension RESPValue {
    /// The wire size of a reply built in a test: what the decoder would have read.
    fileprivate var encodedSizeForTest: Int {
        switch self {
        case .array(let elements):
            return elements.reduce(3 + String(elements.count).utf8.count) { $0 + $1.encodedSizeForTest }
        case .bulkString(let bytes): return 5 + String(bytes.count).utf8.count + bytes.count
        default: return 0
        }
    }
}
