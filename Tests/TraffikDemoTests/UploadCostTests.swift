// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOPosix
import Testing
import Traffik
import Vapor

@testable import traffik_demo

/// `POST /upload` is charged by the bytes it reads, never by the `Content-Length` the client declares, on both demo
/// servers; the requests go over a real socket, written by hand, so that a body can be chunked or lie about its size.
@Suite(.timeLimit(.minutes(1))) struct UploadCostTests {
    static let clock = ManualClock(microseconds: 1_700_000_040_000_000)

    // MARK: The cost, for every length

    @Test func theCostIsDefinedForEveryLength() {
        #expect(UploadMeter.kibibytes(0) == 1)
        #expect(UploadMeter.kibibytes(-1) == 1)
        #expect(UploadMeter.kibibytes(.min) == 1)
        #expect(UploadMeter.kibibytes(1) == 1)
        #expect(UploadMeter.kibibytes(1024) == 1)
        #expect(UploadMeter.kibibytes(1025) == 2)
        // The old cost, `(length + 1023) / 1024`, trapped here: one request killed the demo.
        #expect(UploadMeter.kibibytes(.max) == Int.max / 1024 + 1)
    }

    @Test func theMeterChargesEachKiBOnceAndSaturates() {
        var meter = UploadMeter()
        #expect(meter.owed() == 1)
        #expect(meter.read(1000) == 0)
        #expect(meter.read(48) == 1)
        #expect(meter.read(0) == 0)
        #expect(meter.read(-5) == 0)
        #expect(meter.read(10 * 1024) == 10)
        #expect(meter.charged == 12)
        #expect(meter.read(.max) == nil)
        #expect(meter.read(.max) == nil)
        #expect(meter.bytes == .max)
    }

    /// A body read past the cap stops the upload (with the demo's rate the budget refuses long before that).
    @Test func readingPastTheCapStops() {
        var meter = UploadMeter()
        _ = meter.owed()
        #expect(meter.read(UploadMeter.maxBytes) == UploadMeter.maxBytes / 1024 - 1)
        #expect(meter.read(1) == nil)
    }

    @Test func onlyADeclaredLengthAboveTheCapIsRefusedUnread() {
        #expect(UploadMeter.declaresTooMuch("9223372036854775807"))
        #expect(UploadMeter.declaresTooMuch("\(UploadMeter.maxBytes + 1)"))
        #expect(!UploadMeter.declaresTooMuch("\(UploadMeter.maxBytes)"))
        #expect(!UploadMeter.declaresTooMuch(nil))
        #expect(!UploadMeter.declaresTooMuch("lots"))
    }

    // MARK: Both servers

    enum Server: CaseIterable { case hummingbird, vapor }

    /// Runs `test` with the port of a demo server of `kind`.
    func withServer(_ kind: Server, _ test: @escaping @Sendable (Int) async throws -> Void) async throws {
        var logger = Logger(label: "traffik-demo")
        logger.logLevel = .error
        switch kind {
        case .hummingbird:
            try await DemoServer(clock: Self.clock).makeApplication(logger: logger).test(.live) { client in
                try await test(try #require(client.port))
            }
        case .vapor:
            let app = try await DemoServer(port: 0, clock: Self.clock).makeVaporApplication(logger: logger)
            do {
                try await app.server.start(address: .hostname("127.0.0.1", port: 0))
                try await test(try #require(app.http.server.shared.localAddress?.port))
            } catch {
                await app.server.shutdown()
                try? await app.asyncShutdown()
                throw error
            }
            await app.server.shutdown()
            try await app.asyncShutdown()
        }
    }

    /// A chunked upload of `size` bytes, in chunks of at most 64 KiB.
    static func chunked(_ size: Int) -> [ByteBuffer] {
        stride(from: 0, to: size, by: 64 * 1024).map { ByteBuffer(repeating: 0x61, count: min(64 * 1024, size - $0)) }
    }

    @Test(arguments: Server.allCases) func aChunkedUploadIsChargedByItsSize(_ server: Server) async throws {
        try await withServer(server) { port in
            var statuses: [UInt] = []
            for _ in 0..<3 { statuses.append(try await RawUpload.chunked(Self.chunked(400 * 1024), port: port)) }
            // 400 KiB each against 1000 KiB a minute: two pass, the third runs out of budget part way.
            // Charged by its declared length, a chunked upload used to cost 1 KiB whatever its size: all three passed.
            #expect(statuses == [200, 200, 429])
        }
    }

    @Test(arguments: Server.allCases) func aHugeDeclaredLengthIsRefusedWithoutCharge(_ server: Server) async throws {
        try await withServer(server) { port in
            // This request trapped the demo (the cost overflowed); now it is refused before a byte is read.
            let huge = try await RawUpload.declaring(
                "9223372036854775807",
                body: ByteBuffer(string: "hello"),
                port: port
            )
            #expect(huge == 413)
            // Nothing was charged: the whole budget is still there.
            #expect(try await RawUpload.chunked(Self.chunked(1000 * 1024), port: port) == 200)
            #expect(try await RawUpload.chunked(Self.chunked(1), port: port) == 429)
        }
    }
}

/// A hand-written HTTP/1.1 upload over a fresh connection, answered by the status code of the reply.
enum RawUpload {
    /// `POST /upload` with `Transfer-Encoding: chunked`, one HTTP chunk per buffer.
    static func chunked(_ chunks: [ByteBuffer], port: Int) async throws -> UInt {
        var parts = [
            ByteBuffer(string: "POST /upload HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n")
        ]
        for chunk in chunks {
            parts.append(ByteBuffer(string: String(chunk.readableBytes, radix: 16) + "\r\n"))
            parts.append(chunk)
            parts.append(ByteBuffer(string: "\r\n"))
        }
        parts.append(ByteBuffer(string: "0\r\n\r\n"))
        return try await send(parts, port: port)
    }

    /// `POST /upload` declaring `contentLength`, followed by `body` (however long it really is).
    static func declaring(_ contentLength: String, body: ByteBuffer, port: Int) async throws -> UInt {
        let head = "POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: \(contentLength)\r\n\r\n"
        return try await send([ByteBuffer(string: head), body], port: port)
    }

    /// Writes `parts` while reading the reply, and returns its status as soon as the status line has arrived (a
    /// server may answer before it has read the whole body).
    static func send(_ parts: [ByteBuffer], port: Int) async throws -> UInt {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            // Not awaited: once the reply is in, closing the channel ends any write still waiting on the server.
            let writer = Task { for part in parts { try await outbound.write(part) } }
            defer { writer.cancel() }
            var received = ByteBuffer()
            for try await part in inbound {
                received.writeImmutableBuffer(part)
                let text = String(buffer: received)
                guard let end = text.range(of: "\r\n") else { continue }
                let fields = text[..<end.lowerBound].split(separator: " ")
                guard fields.count >= 2, let status = UInt(fields[1]) else { throw RawUploadError(text) }
                return status
            }
            throw RawUploadError(String(buffer: received))
        }
    }
}

/// The server's reply was not an HTTP response.
struct RawUploadError: Error, CustomStringConvertible {
    let description: String
    init(_ reply: String) { description = "not an HTTP reply: \(reply.prefix(200))" }
}
