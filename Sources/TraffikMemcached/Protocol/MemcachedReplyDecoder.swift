import NIOCore

/// Reads meta-protocol replies from a byte stream, one at a time.
///
/// Input may arrive in any chunks: ``decode(buffer:)`` consumes nothing until a whole reply (its line and, for
/// `VA`, its value) is buffered. Anything else throws a ``MemcachedClientError`` of kind
/// ``MemcachedClientError/Kind/protocolError``, after which the connection must be closed.
struct MemcachedReplyDecoder: NIOSingleStepByteToMessageDecoder {
    typealias InboundOut = MemcachedReply

    /// The longest reply line accepted, in bytes.
    var maximumLineLength = 8 * 1024
    /// The largest value accepted, in bytes (Memcached's own item limit defaults to 1 MiB).
    var maximumValueLength = 128 * 1024 * 1024

    mutating func decode(buffer: inout ByteBuffer) throws -> MemcachedReply? {
        let view = buffer.readableBytesView
        guard let lineEnd = Self.lineEnd(in: view) else {
            guard view.count <= maximumLineLength else {
                throw MemcachedClientError(.protocolError, "a reply line longer than \(maximumLineLength) bytes")
            }
            return nil
        }
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
            guard let sizeText = tokens.first, let size = Int(sizeText), (0...maximumValueLength).contains(size) else {
                throw MemcachedClientError(.protocolError, "a VA reply without a valid size: \(line)")
            }
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
                throw MemcachedClientError(.protocolError, "an unknown reply: \(line.prefix(80))")
            }
            buffer.moveReaderIndex(forwardBy: afterLine - view.startIndex)
            return .response(MemcachedResponse(status: status, flags: tokens))
        }
    }

    mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> MemcachedReply? {
        try decode(buffer: &buffer)
    }

    /// The index of the `\r` of the first `\r\n`, if the line is complete.
    private static func lineEnd(in view: ByteBufferView) -> Int? {
        var index = view.startIndex
        while let carriageReturn = view[index...].firstIndex(of: UInt8(ascii: "\r")) {
            guard carriageReturn + 1 < view.endIndex else { return nil }
            if view[carriageReturn + 1] == UInt8(ascii: "\n") { return carriageReturn }
            index = carriageReturn + 1
        }
        return nil
    }
}
