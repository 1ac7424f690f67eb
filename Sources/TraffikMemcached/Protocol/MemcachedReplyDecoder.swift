// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import TraffikConnectionPool

/// Reads meta-protocol replies from a byte stream, one at a time.
///
/// Input may arrive in any chunks: ``decode(buffer:)`` consumes nothing until a whole reply (its line and, for
/// `VA`, its value) is buffered. Anything else throws a ``MemcachedClientError`` of kind
/// ``MemcachedClientError/Kind/protocolError``, after which the connection must be closed; so does a line longer
/// than ``maximumLineLength`` or a value larger than ``maximumValueLength``, so that a connection never buffers
/// more than one line and one value.
struct MemcachedReplyDecoder: NIOSingleStepByteToMessageDecoder {
    typealias InboundOut = MemcachedReply

    /// The longest reply line accepted, in bytes.
    var maximumLineLength = MemcachedConfiguration.maximumLineLength
    /// The largest value accepted, in bytes.
    var maximumValueLength = MemcachedConfiguration.defaultMaximumValueLength

    mutating func decode(buffer: inout ByteBuffer) throws -> MemcachedReply? {
        let view = buffer.readableBytesView
        guard let lineEnd = try lineEnd(in: view) else { return nil }
        let line = String(decoding: view[view.startIndex..<lineEnd], as: UTF8.self)
        let afterLine = lineEnd + 2
        var tokens = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard !tokens.isEmpty else { throw MemcachedClientError(.protocolError, "an empty reply line") }
        let code = tokens.removeFirst()

        switch code {
        case "ERROR":
            buffer.moveReaderIndex(forwardBy: afterLine - view.startIndex)
            return .error(MemcachedServerError(.unknownCommand, message: tokens.joined(separator: " ")))
        case "CLIENT_ERROR", "SERVER_ERROR":
            buffer.moveReaderIndex(forwardBy: afterLine - view.startIndex)
            let kind: MemcachedServerError.Kind = code == "CLIENT_ERROR" ? .clientError : .serverError
            return .error(MemcachedServerError(kind, message: tokens.joined(separator: " ")))
        case "VA":
            guard let sizeText = tokens.first, let size = Self.size(sizeText), size <= maximumValueLength else {
                throw MemcachedClientError(
                    .protocolError,
                    "a VA reply without a valid size (at most \(maximumValueLength) bytes): \(ReplyExcerpt.of(line))"
                )
            }
            // `size` is at most the limit, so this cannot overflow.
            let valueEnd = afterLine + size
            guard view.endIndex >= valueEnd + 2 else { return nil }
            guard view[valueEnd] == UInt8(ascii: "\r"), view[valueEnd + 1] == UInt8(ascii: "\n") else {
                throw MemcachedClientError(.protocolError, "a VA value not followed by CRLF")
            }
            let value = Array(view[afterLine..<valueEnd])
            buffer.moveReaderIndex(forwardBy: valueEnd + 2 - view.startIndex)
            return .response(MemcachedResponse(status: .value, flags: Array(tokens.dropFirst()), value: value))
        default:
            guard let status = MemcachedResponse.Status(rawValue: code), status != .value else {
                throw MemcachedClientError(.protocolError, "an unknown reply: \(ReplyExcerpt.of(line))")
            }
            buffer.moveReaderIndex(forwardBy: afterLine - view.startIndex)
            return .response(MemcachedResponse(status: status, flags: tokens))
        }
    }

    mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> MemcachedReply? {
        try decode(buffer: &buffer)
    }

    /// A value size: decimal digits only (no sign, no spaces), `nil` otherwise or past `Int`'s range.
    static func size(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            return nil
        }
        return Int(text)
    }

    /// The index of the `\r` of the first `\r\n`, if the line is complete.
    ///
    /// - Throws: ``MemcachedClientError/Kind/protocolError`` when the line is longer than ``maximumLineLength``,
    ///   whether or not its end has arrived.
    private func lineEnd(in view: ByteBufferView) throws -> Int? {
        // Look no further than the longest line allowed, plus its CRLF.
        let window = maximumLineLength < view.count - 2 ? maximumLineLength + 2 : view.count
        let searched = view[view.startIndex..<(view.startIndex + window)]
        var index = searched.startIndex
        while let carriageReturn = searched[index...].firstIndex(of: UInt8(ascii: "\r")),
            carriageReturn + 1 < searched.endIndex
        {
            if searched[carriageReturn + 1] == UInt8(ascii: "\n") { return carriageReturn }
            index = carriageReturn + 1
        }
        guard window == view.count else {
            throw MemcachedClientError(.protocolError, "a reply line longer than \(maximumLineLength) bytes")
        }
        return nil
    }
}
