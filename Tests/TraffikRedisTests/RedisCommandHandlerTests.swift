// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import NIOEmbedded
import Testing

@testable import TraffikRedis

/// The pipelining handler on an embedded channel: no server, and the event loop's clock is advanced by hand.
@Suite struct RedisCommandHandlerTests {
    private final class Harness {
        let channel = EmbeddedChannel()

        init(timeout: Duration = .seconds(1)) throws {
            try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(RESPDecoder()))
            try channel.pipeline.syncOperations.addHandler(
                RedisCommandHandler(commandTimeout: timeout, peer: "test", flag: RedisConnectionFlag())
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
                try channel.writeOutbound(RedisRequest(bytes: bytes, replies: replies))
            } catch {
                for reply in replies { reply.fail(error) }
            }
            return replies.map(\.futureResult)
        }

        func reply(_ wire: String) {
            _ = try? channel.writeInbound(ByteBuffer(string: wire))
        }

        func written() throws -> String {
            var text = ""
            while let buffer = try channel.readOutbound(as: ByteBuffer.self) { text += String(buffer: buffer) }
            return text
        }
    }

    /// The result of `future` if it has completed.
    private func result(_ future: EventLoopFuture<RESPValue>) -> Result<RESPValue, any Error>? {
        var result: Result<RESPValue, any Error>?
        future.assumeIsolated().whenComplete { result = $0 }
        return result
    }

    private func isFailure(_ future: EventLoopFuture<RESPValue>) -> Bool {
        if case .failure = result(future) { true } else { false }
    }

    private func clientErrorKind(_ future: EventLoopFuture<RESPValue>) -> RedisClientError.Kind? {
        guard case .failure(let error) = result(future) else { return nil }
        return (error as? RedisClientError)?.kind
    }

    @Test func repliesCompleteCommandsInOrder() throws {
        let harness = try Harness()
        let first = harness.send([["GET", "a"]])
        let rest = harness.send([["INCR", "b"], ["PING"]])
        #expect(
            try harness.written() == "*2\r\n$3\r\nGET\r\n$1\r\na\r\n*2\r\n$4\r\nINCR\r\n$1\r\nb\r\n*1\r\n$4\r\nPING\r\n"
        )
        harness.reply("$-1\r\n:1\r\n+PO")
        #expect(try result(first[0])?.get() == .null)
        #expect(try result(rest[0])?.get() == .integer(1))
        #expect(result(rest[1]) == nil)
        harness.reply("NG\r\n")
        #expect(try result(rest[1])?.get() == .simpleString("PONG"))
    }

    @Test func errorRepliesAreValuesAtThisLayer() throws {
        let harness = try Harness()
        let reply = harness.send([["EVALSHA", "abc", 0]])
        harness.reply("-NOSCRIPT No matching script.\r\n")
        #expect(try result(reply[0])?.get() == .error("NOSCRIPT No matching script."))
    }

    @Test func theOldestCommandTimesOutAndTheConnectionCloses() throws {
        let harness = try Harness(timeout: .milliseconds(500))
        let first = harness.send([["BLPOP", "q", 0]])
        harness.channel.embeddedEventLoop.advanceTime(by: .milliseconds(300))
        let second = harness.send([["PING"]])
        harness.channel.embeddedEventLoop.advanceTime(by: .milliseconds(199))
        #expect(result(first[0]) == nil)
        harness.channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        #expect(clientErrorKind(first[0]) == .commandTimeout)
        #expect(clientErrorKind(second[0]) == .connectionClosed)
        #expect(!harness.channel.isActive)
        let late = harness.send([["PING"]])
        #expect(isFailure(late[0]))
    }

    @Test func repliesInTimeKeepTheConnection() throws {
        let harness = try Harness(timeout: .milliseconds(500))
        for _ in 0..<5 {
            let reply = harness.send([["PING"]])
            harness.channel.embeddedEventLoop.advanceTime(by: .milliseconds(400))
            harness.reply("+PONG\r\n")
            #expect(try result(reply[0])?.get() == .simpleString("PONG"))
        }
        harness.channel.embeddedEventLoop.advanceTime(by: .seconds(5))
        #expect(harness.channel.isActive)
    }

    @Test func aClosedConnectionFailsEveryWaitingCommand() throws {
        let harness = try Harness()
        let replies = harness.send([["GET", "a"], ["GET", "b"]])
        harness.channel.close(promise: nil)
        #expect(replies.map(clientErrorKind) == [.connectionClosed, .connectionClosed])
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

    @Test func closingWhenIdleWaitsForRepliesAndRefusesNewCommands() throws {
        let harness = try Harness()
        let waiting = harness.send([["GET", "a"]])
        harness.channel.pipeline.triggerUserOutboundEvent(RedisCloseWhenIdle(), promise: nil)
        let refused = harness.send([["GET", "b"]])
        #expect(clientErrorKind(refused[0]) == .clientClosed)
        #expect(harness.channel.isActive)
        harness.reply("$1\r\nx\r\n")
        #expect(try result(waiting[0])?.get() == .bulkString(Array("x".utf8)))
        #expect(!harness.channel.isActive)
    }
}
