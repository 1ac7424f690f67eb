// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import NIOCore

/// The smallest protocol for the handler tests: each line the server sends is one reply, and a line starting with
/// `!` is bytes the protocol does not allow.
struct LineDecoder: NIOSingleStepByteToMessageDecoder {
    typealias InboundOut = String

    struct Malformed: Error {}

    mutating func decode(buffer: inout ByteBuffer) throws -> String? {
        guard let end = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        let length = end - buffer.readerIndex
        let line = buffer.readString(length: length) ?? ""
        buffer.moveReaderIndex(forwardBy: 1)
        if line.hasPrefix("!") { throw Malformed() }
        return line
    }

    mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> String? {
        try decode(buffer: &buffer)
    }
}
