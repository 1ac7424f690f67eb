// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import TraffikConnectionPool

/// Reads RESP2 replies from a byte stream, one complete value at a time.
///
/// Input may arrive in any chunks, down to one byte at a time: ``decode(buffer:)`` returns `nil` until a whole
/// value (with all its nested elements) has arrived. The elements of an array are consumed from the buffer as each
/// one completes and kept by the decoder, so every byte is parsed once however the reply is split, and the buffer
/// never holds more than one element still arriving. Input that is not RESP2, or a reply past one of the decoder's
/// ``limits``, throws a ``RedisClientError`` of kind ``RedisClientError/Kind/protocolError``; after that the stream
/// cannot be trusted and the connection must be closed.
///
/// ```swift
/// try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(RESPDecoder()))
/// ```
package struct RESPDecoder: NIOSingleStepByteToMessageDecoder {
    /// The decoder produces one reply per message.
    package typealias InboundOut = RESPValue

    /// The largest reply accepted.
    package var limits: RESPReplyLimits

    /// An array of the reply being read whose elements have not all arrived.
    private struct OpenArray {
        var count: Int
        var elements: [RESPValue]
    }

    /// The arrays of the reply being read, outermost first.
    private var open: [OpenArray] = []
    /// The bytes of the reply being read consumed so far.
    private var consumed = 0
    /// The values of the reply being read so far, arrays included.
    private var values = 0

    /// Creates a decoder with the given limits.
    package init(limits: RESPReplyLimits = RESPReplyLimits()) {
        self.limits = limits
    }

    /// Decodes one value from the front of `buffer`, or returns `nil` when it has not all arrived (keeping the
    /// elements that have).
    ///
    /// - Throws: ``RedisClientError/Kind/protocolError`` for input that is not RESP2, and for a reply past the
    ///   limits, including one whose bytes so far already exceed ``RESPReplyLimits/maximumReplySize``.
    package mutating func decode(buffer: inout ByteBuffer) throws -> RESPValue? {
        while true {
            let view = buffer.readableBytesView
            let budget = limits.maximumReplySize - consumed
            guard let (item, length) = try Self.parseItem(view, limits: limits, budget: budget) else {
                guard view.count <= budget else {
                    throw RedisClientError.protocolError("a reply longer than \(limits.maximumReplySize) bytes")
                }
                return nil
            }
            buffer.moveReaderIndex(forwardBy: length)
            consumed += length
            values += 1
            guard consumed <= limits.maximumReplySize else {
                throw RedisClientError.protocolError("a reply longer than \(limits.maximumReplySize) bytes")
            }
            guard values <= limits.maximumElements else {
                throw RedisClientError.protocolError("a reply of more than \(limits.maximumElements) values")
            }
            var value: RESPValue
            switch item {
            case .value(let scalar):
                value = scalar
            case .arrayHeader(let count):
                guard open.count < limits.maximumDepth else {
                    throw RedisClientError.protocolError("arrays nested deeper than \(limits.maximumDepth) levels")
                }
                guard count <= limits.maximumElements - values else {
                    throw RedisClientError.protocolError("a reply of more than \(limits.maximumElements) values")
                }
                // Every element takes at least three bytes (`+\r\n`).
                guard count <= (limits.maximumReplySize - consumed) / 3 else {
                    throw RedisClientError.protocolError("a reply longer than \(limits.maximumReplySize) bytes")
                }
                guard count > 0 else {
                    value = .array([])
                    break
                }
                var elements: [RESPValue] = []
                elements.reserveCapacity(min(count, 1024))
                open.append(OpenArray(count: count, elements: elements))
                continue
            }
            // Fold the value into the open arrays, closing each one it completes.
            while !open.isEmpty {
                open[open.count - 1].elements.append(value)
                guard open[open.count - 1].elements.count == open[open.count - 1].count else { break }
                value = .array(open.removeLast().elements)
            }
            guard open.isEmpty else { continue }
            consumed = 0
            values = 0
            return value
        }
    }

    /// Decodes what is left when the stream ends; a truncated value is dropped (the connection is gone anyway).
    package mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> RESPValue? {
        try decode(buffer: &buffer)
    }

    // MARK: - Parsing

    /// What one line (and, for a bulk string, its bytes) holds.
    private enum Item {
        /// A whole value: a simple string, error, integer, bulk string or null.
        case value(RESPValue)
        /// The start of an array of `count` elements, which follow.
        case arrayHeader(Int)
    }

    /// The item at the front of `view` and its length in bytes, or `nil` when it has not all arrived.
    ///
    /// - Parameter budget: The bytes the reply may still take.
    private static func parseItem(
        _ view: ByteBufferView,
        limits: RESPReplyLimits,
        budget: Int
    ) throws -> (Item, Int)? {
        guard let type = view.first else { return nil }
        var cursor = view.startIndex + 1
        guard let line = try parseLine(view, at: &cursor, limits: limits) else { return nil }
        let item: Item
        switch type {
        case UInt8(ascii: "+"):
            item = .value(.simpleString(String(decoding: view[line], as: UTF8.self)))
        case UInt8(ascii: "-"):
            item = .value(.error(String(decoding: view[line], as: UTF8.self)))
        case UInt8(ascii: ":"):
            item = .value(.integer(try parseInteger(view[line])))
        case UInt8(ascii: "$"):
            let length = try parseInteger(view[line])
            if length == -1 {
                item = .value(.null)
                break
            }
            guard length >= 0, length <= limits.maximumBulkLength else {
                throw RedisClientError.protocolError(
                    "invalid bulk string length \(length) (the limit is \(limits.maximumBulkLength) bytes)"
                )
            }
            guard length <= budget - (cursor - view.startIndex) - 2 else {
                throw RedisClientError.protocolError("a reply longer than \(limits.maximumReplySize) bytes")
            }
            // The line and `length` fit in the reply's budget, so this cannot overflow.
            let end = cursor + Int(length)
            guard end + 2 <= view.endIndex else { return nil }
            guard view[end] == UInt8(ascii: "\r"), view[end + 1] == UInt8(ascii: "\n") else {
                throw RedisClientError.protocolError("bulk string of \(length) bytes is not followed by CRLF")
            }
            item = .value(.bulkString(Array(view[cursor..<end])))
            cursor = end + 2
        case UInt8(ascii: "*"):
            let count = try parseInteger(view[line])
            if count == -1 {
                item = .value(.null)
                break
            }
            guard count >= 0, count <= limits.maximumArrayLength else {
                throw RedisClientError.protocolError(
                    "invalid array length \(count) (the limit is \(limits.maximumArrayLength) elements)"
                )
            }
            item = .arrayHeader(Int(count))
        case UInt8(ascii: "_"), UInt8(ascii: ","), UInt8(ascii: "#"), UInt8(ascii: "("), UInt8(ascii: "!"),
            UInt8(ascii: "="), UInt8(ascii: "%"), UInt8(ascii: "~"), UInt8(ascii: "|"), UInt8(ascii: ">"):
            throw RedisClientError.protocolError("RESP3 type '\(Character(Unicode.Scalar(type)))' is not supported")
        default:
            throw RedisClientError.protocolError("unexpected type byte 0x\(String(type, radix: 16))")
        }
        return (item, cursor - view.startIndex)
    }

    /// The range of the line starting at `index` (without CRLF), moving `index` past the CRLF; `nil` when the line
    /// is not complete yet.
    private static func parseLine(
        _ view: ByteBufferView,
        at index: inout Int,
        limits: RESPReplyLimits
    ) throws -> Range<Int>? {
        // Look no further than the longest line allowed: a line that never ends is refused, not buffered.
        let remaining = view.endIndex - index
        let searchEnd = index + (limits.maximumLineLength < remaining ? limits.maximumLineLength + 1 : remaining)
        guard let cr = view[index..<searchEnd].firstIndex(of: UInt8(ascii: "\r")) else {
            guard searchEnd - index <= limits.maximumLineLength else {
                throw RedisClientError.protocolError("line longer than \(limits.maximumLineLength) bytes")
            }
            return nil
        }
        guard cr + 1 < view.endIndex else { return nil }
        guard view[cr + 1] == UInt8(ascii: "\n") else {
            throw RedisClientError.protocolError("carriage return not followed by line feed")
        }
        let line = index..<cr
        index = cr + 2
        return line
    }

    /// A decimal `Int64` with an optional minus sign; anything else throws.
    private static func parseInteger(_ digits: ByteBufferView.SubSequence) throws -> Int64 {
        var rest = digits[...]
        let negative = rest.first == UInt8(ascii: "-")
        if negative { rest = rest.dropFirst() }
        guard !rest.isEmpty else { throw RedisClientError.protocolError("empty integer") }
        var value: Int64 = 0
        for byte in rest {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                throw RedisClientError.protocolError("invalid integer '\(ReplyExcerpt.of(bytes: digits))'")
            }
            let digit = Int64(byte - UInt8(ascii: "0"))
            let (shifted, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowB) =
                negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            guard !overflowA, !overflowB else {
                throw RedisClientError.protocolError("integer out of range '\(ReplyExcerpt.of(bytes: digits))'")
            }
            value = next
        }
        return value
    }
}
