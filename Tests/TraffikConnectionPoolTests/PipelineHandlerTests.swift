// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import NIOEmbedded
import Testing
import TraffikConnectionPool

/// The pipelining handler on an embedded channel: no server, and the event loop's clock is advanced by hand.
@Suite struct PipelineHandlerTests {
    private final class Harness {
        let channel = EmbeddedChannel()
        let flag = ConnectionFlag<TestFailure>()

        init(timeout: Duration = .seconds(1)) throws {
            try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineDecoder()))
            try channel.pipeline.syncOperations.addHandler(
                PipelineHandler<String, TestFailure>(commandTimeout: timeout, peer: "test", service: "Test", flag: flag)
            )
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 7)).wait()
        }

        /// Writes `commands` as one request and returns their reply futures; a refused write fails them, as
        /// `PipelinedConnection` does.
        func send(_ commands: [String]) -> [EventLoopFuture<String>] {
            let bytes = ByteBuffer(string: commands.map { $0 + "\n" }.joined())
            let replies = commands.map { _ in channel.eventLoop.makePromise(of: String.self) }
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

        func written() throws -> String {
            var text = ""
            while let buffer = try channel.readOutbound(as: ByteBuffer.self) { text += String(buffer: buffer) }
            return text
        }

        func advance(by milliseconds: Int64) {
            channel.embeddedEventLoop.advanceTime(by: .milliseconds(milliseconds))
        }
    }

    /// The result of `future` if it has completed.
    private func result(_ future: EventLoopFuture<String>) -> Result<String, any Error>? {
        var result: Result<String, any Error>?
        future.assumeIsolated().whenComplete { result = $0 }
        return result
    }

    private func isFailure(_ future: EventLoopFuture<String>) -> Bool {
        if case .failure = result(future) { true } else { false }
    }

    private func failureKind(_ future: EventLoopFuture<String>) -> ConnectionFailureKind? {
        guard case .failure(let error) = result(future) else { return nil }
        return (error as? TestFailure)?.kind
    }

    @Test func repliesCompleteCommandsInOrder() throws {
        let harness = try Harness()
        let first = harness.send(["GET a"])
        let rest = harness.send(["INCR b", "PING"])
        #expect(try harness.written() == "GET a\nINCR b\nPING\n")
        harness.reply("nil\n1\nPO")
        #expect(try result(first[0])?.get() == "nil")
        #expect(try result(rest[0])?.get() == "1")
        #expect(result(rest[1]) == nil)
        harness.reply("NG\n")
        #expect(try result(rest[1])?.get() == "PONG")
    }

    @Test func theOldestCommandTimesOutAndTheConnectionCloses() throws {
        let harness = try Harness(timeout: .milliseconds(500))
        let first = harness.send(["BLPOP q"])
        harness.advance(by: 300)
        let second = harness.send(["PING"])
        harness.advance(by: 199)
        #expect(result(first[0]) == nil)
        harness.advance(by: 1)
        #expect(failureKind(first[0]) == .commandTimeout)
        #expect(failureKind(second[0]) == .connectionClosed)
        #expect(harness.flag.isFinished)
        #expect(!harness.channel.isActive)
        // The closed channel refuses the write before the handler sees it.
        let late = harness.send(["PING"])
        #expect(isFailure(late[0]))
    }

    @Test func repliesInTimeKeepTheConnection() throws {
        let harness = try Harness(timeout: .milliseconds(500))
        for _ in 0..<5 {
            let reply = harness.send(["PING"])
            harness.advance(by: 400)
            harness.reply("PONG\n")
            #expect(try result(reply[0])?.get() == "PONG")
        }
        harness.advance(by: 5000)
        #expect(harness.channel.isActive)
        #expect(!harness.flag.isFinished)
    }

    @Test func aClosedConnectionFailsEveryWaitingCommand() throws {
        let harness = try Harness()
        let replies = harness.send(["GET a", "GET b"])
        harness.channel.close(promise: nil)
        #expect(replies.map(failureKind) == [.connectionClosed, .connectionClosed])
        #expect(harness.flag.failure?.kind == .connectionClosed)
    }

    @Test func malformedOrUnexpectedRepliesCloseTheConnection() throws {
        let harness = try Harness()
        let replies = harness.send(["GET a", "GET b"])
        harness.reply("!bad\n")
        #expect(replies.map(failureKind) == [.connectionClosed, .connectionClosed])
        #expect(!harness.channel.isActive)

        let unsolicited = try Harness()
        unsolicited.reply("OK\n")
        #expect(unsolicited.flag.failure?.kind == .protocolError)
        #expect(!unsolicited.channel.isActive)
    }

    @Test func closingWhenIdleWaitsForRepliesAndRefusesNewCommands() throws {
        let harness = try Harness()
        let waiting = harness.send(["GET a"])
        harness.channel.pipeline.triggerUserOutboundEvent(CloseWhenIdle(), promise: nil)
        #expect(harness.flag.failure?.kind == .clientClosed)
        let refused = harness.send(["GET b"])
        #expect(failureKind(refused[0]) == .clientClosed)
        #expect(harness.channel.isActive)
        harness.reply("x\n")
        #expect(try result(waiting[0])?.get() == "x")
        #expect(!harness.channel.isActive)
    }
}
