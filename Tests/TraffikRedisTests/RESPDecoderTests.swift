// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import BackendConformance
import NIOCore
import StoreTestSupport
import Testing
import TraffikRedis

@Suite struct RESPDecoderTests {
    /// Decodes every value in `input` fed in one piece.
    private func decodeAll(_ input: [UInt8], decoder: RESPDecoder = RESPDecoder()) throws -> [RESPValue] {
        var decoder = decoder
        var buffer = ByteBuffer(bytes: input)
        var values: [RESPValue] = []
        while let value = try decoder.decode(buffer: &buffer) { values.append(value) }
        #expect(buffer.readableBytes == 0, "bytes left over")
        return values
    }

    /// Decodes every value in `input` fed one byte at a time.
    private func decodeByteByByte(_ input: [UInt8]) throws -> [RESPValue] {
        var decoder = RESPDecoder()
        var buffer = ByteBuffer()
        var values: [RESPValue] = []
        for byte in input {
            buffer.writeInteger(byte)
            while let value = try decoder.decode(buffer: &buffer) { values.append(value) }
        }
        #expect(buffer.readableBytes == 0, "bytes left over")
        return values
    }

    private static let samples: [(String, RESPValue)] = [
        ("+OK\r\n", .simpleString("OK")),
        ("+\r\n", .simpleString("")),
        ("-ERR unknown command 'FOO'\r\n", .error("ERR unknown command 'FOO'")),
        (":0\r\n", .integer(0)),
        (":-42\r\n", .integer(-42)),
        (":9223372036854775807\r\n", .integer(.max)),
        (":-9223372036854775808\r\n", .integer(.min)),
        ("$5\r\nhello\r\n", .bulkString(Array("hello".utf8))),
        ("$0\r\n\r\n", .bulkString([])),
        ("$-1\r\n", .null),
        ("*-1\r\n", .null),
        ("*0\r\n", .array([])),
        ("*2\r\n$3\r\nfoo\r\n:7\r\n", .array([.bulkString(Array("foo".utf8)), .integer(7)])),
        (
            "*3\r\n*2\r\n:1\r\n*1\r\n+deep\r\n$-1\r\n-WRONGTYPE nested\r\n",
            .array([.array([.integer(1), .array([.simpleString("deep")])]), .null, .error("WRONGTYPE nested")])
        ),
    ]

    @Test func decodesEveryKindOfValue() throws {
        for (wire, expected) in Self.samples {
            #expect(try decodeAll(Array(wire.utf8)) == [expected], "\(wire.debugDescription)")
        }
    }

    @Test func decodesByteAtATime() throws {
        let stream = Self.samples.map(\.0).joined()
        #expect(try decodeByteByByte(Array(stream.utf8)) == Self.samples.map(\.1))
    }

    @Test func decodesManyValuesFromOneBuffer() throws {
        let stream = Self.samples.map(\.0).joined()
        #expect(try decodeAll(Array(stream.utf8)) == Self.samples.map(\.1))
    }

    @Test func bulkStringsAreBinarySafe() throws {
        let payload: [UInt8] = [0, 13, 10, 255, 36, 42, 13, 13, 10, 0x80]
        let wire = Array("$\(payload.count)\r\n".utf8) + payload + Array("\r\n".utf8)
        #expect(try decodeAll(wire) == [.bulkString(payload)])
        #expect(try decodeByteByByte(wire) == [.bulkString(payload)])
    }

    @Test func incompleteInputYieldsNothingUntilTheRestArrives() throws {
        let wire = Array("*2\r\n$5\r\nhello\r\n:12\r\n+OK\r\n".utf8)
        let expected: [RESPValue] = [.array([.bulkString(Array("hello".utf8)), .integer(12)]), .simpleString("OK")]
        for length in 0..<(wire.count - 5) {
            var decoder = RESPDecoder()
            var buffer = ByteBuffer(bytes: wire[..<length])
            #expect(try decoder.decode(buffer: &buffer) == nil, "prefix of \(length) bytes")
            buffer.writeBytes(wire[length...])
            #expect(try decoder.decode(buffer: &buffer) == expected[0], "split after \(length) bytes")
            #expect(try decoder.decode(buffer: &buffer) == expected[1])
            #expect(buffer.readableBytes == 0)
        }
    }

    @Test func aReplySplitIntoTinyPiecesIsParsedOnce() throws {
        // 20,000 elements fed three bytes at a time: each element is consumed as it completes. Before, the whole
        // reply stayed buffered and was parsed again from its start for each of the 26,670 pieces.
        let elements = (0..<20_000).map { RESPValue.integer(Int64($0 % 10)) }
        let wire = Array("*20000\r\n".utf8) + elements.flatMap { Array(":\($0.int ?? 0)\r\n".utf8) }
        var decoder = RESPDecoder()
        var buffer = ByteBuffer()
        var decoded: RESPValue?
        var index = 0
        while index < wire.count {
            buffer.writeBytes(wire[index..<min(index + 3, wire.count)])
            index += 3
            if let value = try decoder.decode(buffer: &buffer) { decoded = value }
            #expect(buffer.readableBytes < 8, "at most one element is buffered")
        }
        #expect(decoded == .array(elements))
    }

    @Test(arguments: [
        "?what\r\n",  // unknown type byte
        ":12a\r\n",  // not an integer
        ":\r\n",  // empty integer
        ":-\r\n",  // a sign alone
        ":99999999999999999999\r\n",  // out of range
        "$-2\r\n",  // negative length other than -1
        "$abc\r\n",  // non-numeric length
        "$3\r\nhello\r\n",  // bulk longer than its length
        "*-5\r\n",  // negative array length other than -1
        "+OK\rX",  // CR not followed by LF
        "*1\r\n!oops\r\n",  // unknown nested type
        "%1\r\n+a\r\n+b\r\n",  // RESP3 map
        "_\r\n",  // RESP3 null
        "$+5\r\nhello\r\n",  // a length with a sign
        "$ 5\r\nhello\r\n",  // a length with a space
        "*2 \r\n:1\r\n:2\r\n",  // a count with a trailing space
        ": 5\r\n",  // an integer with a space
        ":--5\r\n",  // two signs
        "$9223372036854775807\r\n",  // a length past every limit
        "*9223372036854775807\r\n",  // a count past every limit
        "$-9223372036854775808\r\n",  // the most negative length
    ])
    func malformedInputThrowsAProtocolError(wire: String) {
        var decoder = RESPDecoder()
        var buffer = ByteBuffer(string: wire)
        #expect {
            _ = try decoder.decode(buffer: &buffer)
        } throws: { error in
            (error as? RedisClientError)?.kind == .protocolError
        }
    }

    @Test func limitsAreEnforced() {
        let deep = String(repeating: "*1\r\n", count: 5) + ":1\r\n"
        var shallow = RESPDecoder(limits: RESPReplyLimits(maximumDepth: 4))
        var buffer = ByteBuffer(string: deep)
        #expect(throws: RedisClientError.self) { try shallow.decode(buffer: &buffer) }

        var short = RESPDecoder(limits: RESPReplyLimits(maximumLineLength: 8))
        buffer = ByteBuffer(string: "+this line never ends")
        #expect(throws: RedisClientError.self) { try short.decode(buffer: &buffer) }

        var small = RESPDecoder(limits: RESPReplyLimits(maximumBulkLength: 4))
        buffer = ByteBuffer(string: "$5\r\n")
        #expect(throws: RedisClientError.self) { try small.decode(buffer: &buffer) }
    }

    @Test func randomInputNeverCrashes() {
        var generator = SplitMix64(seed: 0x5EED)
        let alphabet = Array("+-:$*\r\n0123456789-abc".utf8) + [0, 255]
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...24, using: &generator)
            let input = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
            var decoder = RESPDecoder()
            var buffer = ByteBuffer(bytes: input)
            do {
                while try decoder.decode(buffer: &buffer) != nil {}
            } catch {
                #expect((error as? RedisClientError)?.kind == .protocolError)
            }
        }
    }
}
