// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import StoreTestSupport
import Testing

@testable import TraffikMemcached

@Suite struct MemcachedReplyDecoderTests {
    /// Every reply in `wire`, fed one byte at a time.
    private func decodeByteByByte(_ wire: String) throws -> [MemcachedReply] {
        var decoder = MemcachedReplyDecoder()
        var buffer = ByteBuffer()
        var replies: [MemcachedReply] = []
        for byte in Array(wire.utf8) {
            buffer.writeInteger(byte)
            while let reply = try decoder.decode(buffer: &buffer) { replies.append(reply) }
        }
        #expect(buffer.readableBytes == 0)
        return replies
    }

    private func response(_ reply: MemcachedReply) -> MemcachedResponse? {
        if case .response(let response) = reply { response } else { nil }
    }

    @Test func valuesFlagsAndStatusesInAnyChunks() throws {
        let replies = try decodeByteByByte(
            "VA 4 c42 t-1\r\na\r\nb\r\nHD c7\r\nEN\r\nNS\r\nEX\r\nNF\r\nMN\r\nVA 0\r\n\r\n"
        )
        let responses = replies.compactMap(response)
        #expect(responses.map(\.status) == [.value, .success, .miss, .notStored, .exists, .notFound, .noop, .value])
        #expect(responses[0].value == Array("a\r\nb".utf8), "a value may hold CRLF")
        #expect(responses[0].cas == 42)
        #expect(responses[0].ttl == -1)
        #expect(responses[1].cas == 7)
        #expect(responses[7].value == [])
    }

    @Test func errorLinesAreReplies() throws {
        let replies = try decodeByteByByte(
            "ERROR\r\nCLIENT_ERROR bad command line format\r\nSERVER_ERROR out of memory\r\n"
        )
        let errors = replies.compactMap { reply -> MemcachedServerError? in
            if case .error(let error) = reply { error } else { nil }
        }
        #expect(errors.map(\.kind) == [.unknownCommand, .clientError, .serverError])
        #expect(errors[1].message == "bad command line format")
    }

    @Test(arguments: ["XX 1\r\n", "VA x\r\n", "VA 1\r\nab\r\n", "\r\n"])
    func garbageIsAProtocolError(wire: String) {
        var decoder = MemcachedReplyDecoder()
        var buffer = ByteBuffer(string: wire)
        let error = #expect(throws: MemcachedClientError.self) {
            while try decoder.decode(buffer: &buffer) != nil {}
        }
        #expect(error?.kind == .protocolError)
    }

    @Test(arguments: ["VA +5\r\nhello\r\n", "VA -1\r\n", "VA 0x5\r\nhello\r\n", "VA 99999999999999999999\r\n"])
    func aValueSizeIsDigitsOnly(wire: String) {
        var decoder = MemcachedReplyDecoder()
        var buffer = ByteBuffer(string: wire)
        let error = #expect(throws: MemcachedClientError.self) { try decoder.decode(buffer: &buffer) }
        #expect(error?.kind == .protocolError)
    }

    @Test func aValuePastTheLimitIsRefusedBeforeItArrives() throws {
        // Before, the decoder waited for (and buffered) up to 128 MiB.
        var decoder = MemcachedReplyDecoder()
        var buffer = ByteBuffer(string: "VA 2097152 c1\r\n")
        let error = #expect(throws: MemcachedClientError.self) { try decoder.decode(buffer: &buffer) }
        #expect(error?.kind == .protocolError)
        var fits = ByteBuffer(string: "VA 1048576 c1\r\n")
        #expect(try decoder.decode(buffer: &fits) == nil, "1 MiB is awaited")
    }

    @Test func aLongLineIsRefusedEvenWhenItArrivesWhole() {
        var decoder = MemcachedReplyDecoder()
        var buffer = ByteBuffer(string: "HD " + String(repeating: "x", count: 10_000) + "\r\n")
        let error = #expect(throws: MemcachedClientError.self) { try decoder.decode(buffer: &buffer) }
        #expect(error?.kind == .protocolError)
        var fits = ByteBuffer(string: "HD " + String(repeating: "x", count: 8_000) + "\r\n")
        #expect(throws: Never.self) { try decoder.decode(buffer: &fits) }
    }

    @Test func errorsQuoteOnlyTheStartOfALongLine() throws {
        var decoder = MemcachedReplyDecoder()
        var buffer = ByteBuffer(string: "SERVER_ERROR " + String(repeating: "y", count: 8_000) + "\r\n")
        guard case .error(let error) = try decoder.decode(buffer: &buffer) else {
            Issue.record("not an error reply")
            return
        }
        #expect(error.description.count < 300)
        #expect(error.description.contains("bytes in all"))
        var unknown = ByteBuffer(string: "ZZ " + String(repeating: "z", count: 8_000) + "\r\n")
        let thrown = #expect(throws: MemcachedClientError.self) { try decoder.decode(buffer: &unknown) }
        #expect((thrown?.description.count ?? .max) < 400)
    }

    @Test func aLineWithoutAnEndIsRefusedPastTheLimit() {
        var decoder = MemcachedReplyDecoder(maximumLineLength: 16)
        var buffer = ByteBuffer(string: "HD " + String(repeating: "x", count: 32))
        #expect(throws: MemcachedClientError.self) { try decoder.decode(buffer: &buffer) }
    }

    @Test func commandsEncodeWithLengthAndBase64Flag() throws {
        var buffer = ByteBuffer()
        try MemcachedCommand(.set, key: MemcachedKey("k"), flags: ["T60", "C9"], value: [1, 2]).encode(into: &buffer)
        #expect(buffer.readBytes(length: buffer.readableBytes) == Array("ms k 2 T60 C9\r\n".utf8) + [1, 2, 13, 10])
        try MemcachedCommand(.get, key: MemcachedKey("a b"), flags: ["v"]).encode(into: &buffer)
        #expect(buffer.readString(length: buffer.readableBytes) == "mg YSBi b v\r\n")
        #expect(throws: MemcachedClientError.self) {
            try MemcachedCommand(.get, key: MemcachedKey("k"), flags: ["T 1"]).encode(into: &buffer)
        }
    }
}
