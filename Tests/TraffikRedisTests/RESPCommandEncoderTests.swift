// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import StoreTestSupport
import Testing
import TraffikRedis

@Suite struct RESPCommandEncoderTests {
    private func encode(_ arguments: [RESPArgument]) -> String {
        var buffer = ByteBuffer()
        RESPCommandEncoder().encode(arguments, into: &buffer)
        return String(buffer: buffer)
    }

    @Test func writesAnArrayOfBulkStrings() {
        #expect(encode(["SET", "key", "value"]) == "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n")
    }

    @Test func writesIntegersEmptyAndMultiByteArguments() {
        #expect(encode(["EXPIRE", "k", 1500]) == "*3\r\n$6\r\nEXPIRE\r\n$1\r\nk\r\n$4\r\n1500\r\n")
        #expect(encode(["SET", "", RESPArgument("é")]) == "*3\r\n$3\r\nSET\r\n$0\r\n\r\n$2\r\né\r\n")
        #expect(encode([RESPArgument(-7), RESPArgument(2.5)]) == "*2\r\n$2\r\n-7\r\n$3\r\n2.5\r\n")
    }

    @Test func binaryArgumentsAreWrittenVerbatim() throws {
        let payload: [UInt8] = [0, 13, 10, 255]
        var buffer = ByteBuffer()
        RESPCommandEncoder().encode(["SET", RESPArgument(payload)], into: &buffer)
        #expect(Array(buffer.readableBytesView) == Array("*2\r\n$3\r\nSET\r\n$4\r\n".utf8) + payload + [13, 10])
    }

    @Test func encodedCommandsDecodeBackToTheirArguments() throws {
        let arguments: [RESPArgument] = ["EVAL", "return 1", 0, RESPArgument([1, 2, 3])]
        var buffer = ByteBuffer()
        RESPCommandEncoder().encode(arguments, into: &buffer)
        var decoder = RESPDecoder()
        let decoded = try #require(try decoder.decode(buffer: &buffer))
        #expect(decoded == .array(arguments.map { .bulkString($0.bytes) }))
    }
}
