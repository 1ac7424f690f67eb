// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import NIOEmbedded
import StoreTestSupport
import Testing
import TraffikConnectionPool

@testable import TraffikRedis

/// RESP replies through the shared pipelining handler on an embedded channel: error replies stay values, and bytes
/// RESP does not allow end the connection. (The handler's own behaviour is tested in `TraffikConnectionPoolTests`.)
@Suite struct RESPPipelineTests {
    private final class Harness {
        let channel = EmbeddedChannel()

        init(timeout: Duration = .seconds(1)) throws {
            try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(RESPDecoder()))
            try channel.pipeline.syncOperations.addHandler(
                PipelineHandler<RESPValue, RedisClientError>(
                    commandTimeout: timeout,
                    peer: "test",
                    service: "Redis",
                    flag: ConnectionFlag()
                )
            )
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 6379)).wait()
        }

        /// Writes `commands` as one request and returns their reply futures; a refused write fails them, as
        /// `RedisConnection` does.
        func send(_ commands: [[RESPArgument]]) -> [EventLoopFuture<RESPValue>] {
            var bytes = ByteBuffer()
            for command in commands { RESPCommandEncoder().encode(command, into: &bytes) }
            let replies = commands.map { _ in channel.eventLoop.makePromise(of: RESPValue.self) }
            do {
                try channel.writeOutbound(PipelineRequest(bytes: bytes, replies: replies))
            } catch {
                for reply in replies { reply.fail(error) }
            }
            return replies.map(\.futureResult)
        }

        func reply(_ wire: String) {
            _ = try? channel.writeInbound(ByteBuffer(string: wire))
        }
    }

    /// The result of `future` if it has completed.
    private func result(_ future: EventLoopFuture<RESPValue>) -> Result<RESPValue, any Error>? {
        var result: Result<RESPValue, any Error>?
        future.assumeIsolated().whenComplete { result = $0 }
        return result
    }

    private func clientErrorKind(_ future: EventLoopFuture<RESPValue>) -> RedisClientError.Kind? {
        guard case .failure(let error) = result(future) else { return nil }
        return (error as? RedisClientError)?.kind
    }

    @Test func errorRepliesAreValuesAtThisLayer() throws {
        let harness = try Harness()
        let reply = harness.send([["EVALSHA", "abc", 0]])
        harness.reply("-NOSCRIPT No matching script.\r\n")
        #expect(try result(reply[0])?.get() == .error("NOSCRIPT No matching script."))
    }

    @Test func malformedOrUnexpectedRepliesCloseTheConnection() throws {
        let harness = try Harness()
        let reply = harness.send([["GET", "a"]])
        harness.reply("?bad\r\n")
        #expect(clientErrorKind(reply[0]) == .protocolError)
        #expect(!harness.channel.isActive)

        let unsolicited = try Harness()
        unsolicited.reply("+OK\r\n")
        #expect(!unsolicited.channel.isActive)
    }

    @Test func aReplyPastTheLimitsFailsItsCommandsAndClosesTheConnection() throws {
        // A bulk string of 512 MiB announced: before, accepted and buffered as it trickled in.
        let huge = try Harness()
        let replies = huge.send([["GET", "a"], ["GET", "b"]])
        huge.reply("$536870912\r\nxxxx")
        #expect(replies.map(clientErrorKind) == [.protocolError, .protocolError])
        #expect(!huge.channel.isActive)

        // A line that never ends.
        let endless = try Harness()
        let reply = endless.send([["PING"]])
        for _ in 0..<20 { endless.reply("+" + String(repeating: "x", count: 4096)) }
        #expect(clientErrorKind(reply[0]) == .protocolError)
        #expect(!endless.channel.isActive)
    }
}
