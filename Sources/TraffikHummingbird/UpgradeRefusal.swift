// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import HTTPTypes
import Hummingbird
import NIOCore

/// Answers a refused WebSocket handshake with the throttle's response instead of Hummingbird's 400.
enum UpgradeRefusal {
    /// `response`, unchanged, after arming the handshake's channel (when the context has one) to send it in place
    /// of the 400 that Hummingbird writes for a refused upgrade. Requests that are no handshake pass untouched.
    static func answer(
        _ request: Request,
        context: some RequestContext,
        with response: Response
    ) async throws -> Response {
        guard request.headers[.upgrade]?.lowercased() == "websocket",
            let channel = (context as? any ChannelRequestContext)?.channel
        else { return response }
        var response = response
        let body = try await collect(response.body)
        response.body = ResponseBody(byteBuffer: body)
        let bytes = http1Bytes(status: response.status, headers: response.headers, body: body)
        try await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.addHandler(UpgradeRefusalWriter(refusal: bytes), position: .first)
        }.get()
        return response
    }

    /// The bytes of a response body.
    static func collect(_ body: ResponseBody) async throws -> ByteBuffer {
        let writer = CollectingBodyWriter()
        try await body.write(writer)
        return writer.bytes
    }

    /// An HTTP/1.1 response that closes the connection: the status line, the fields (`Content-Length` set to the
    /// body's size, `Connection: close`) and the body.
    static func http1Bytes(status: HTTPResponse.Status, headers: HTTPFields, body: ByteBuffer) -> ByteBuffer {
        var headers = headers
        headers[.contentLength] = "\(body.readableBytes)"
        headers[.connection] = "close"
        var head = "HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\n"
        for field in headers { head += "\(field.name.rawName): \(field.value)\r\n" }
        head += "\r\n"
        var bytes = ByteBuffer(string: head)
        bytes.writeImmutableBuffer(body)
        return bytes
    }
}

/// Keeps the bytes a response body writes.
final class CollectingBodyWriter: ResponseBodyWriter {
    var bytes = ByteBuffer()

    func write(_ buffer: ByteBuffer) async throws { bytes.writeImmutableBuffer(buffer) }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
