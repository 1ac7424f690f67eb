// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import Testing
import TraffikRedis

/// Round trips against a real redis-server.
@Suite struct RedisCommandTests {
    @Test func setGetIncrRoundTrips() async throws {
        try await withRedis { _, client async throws in
            #expect(try await client.send("SET", "greeting", "hello") == .simpleString("OK"))
            #expect(try await client.send("GET", "greeting").string == "hello")
            #expect(try await client.send("GET", "missing") == .null)
            #expect(try await client.send("INCR", "visits").int == 1)
            #expect(try await client.send(["INCRBY", "visits", 41]).int == 42)
            #expect(try await client.send("GET", "visits").int == 42)
            #expect(try await client.send("PEXPIRE", "visits", 60_000) == .integer(1))
            #expect(try await client.send("DEL", "greeting", "visits") == .integer(2))
        }
    }

    @Test func binaryKeysAndValuesRoundTrip() async throws {
        try await withRedis { _, client async throws in
            let key = RESPArgument([0, 13, 10, 0xFF, 0x24])
            let value = (0...255).map(UInt8.init) + [13, 10, 13, 10]
            try await client.send("SET", key, RESPArgument(value))
            #expect(try await client.send("GET", key).bytes == value)

            let large = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7919 >> 3) }
            try await client.send("SET", "large", RESPArgument(large))
            #expect(try await client.send("GET", "large") == .bulkString(large))
        }
    }

    @Test func evalReturnsNestedValues() async throws {
        try await withRedis { _, client async throws in
            let script = "return {KEYS[1], ARGV[1], 7, {1, 'x'}, redis.error_reply('ERR inner'), false}"
            let reply = try await client.send("EVAL", RESPArgument(script), 1, "k", RESPArgument([0, 255]))
            #expect(
                reply
                    == .array([
                        .bulkString(Array("k".utf8)), .bulkString([0, 255]), .integer(7),
                        .array([.integer(1), .bulkString(Array("x".utf8))]), .error("ERR inner"), .null,
                    ])
            )
            #expect(try await client.send("EVAL", "return redis.call('INCRBY', KEYS[1], ARGV[1])", 1, "n", 5).int == 5)
        }
    }

    @Test func serverErrorsAreThrownTyped() async throws {
        try await withRedis { _, client async throws in
            let unknownSHA = String(repeating: "0", count: 40)
            await #expect { try await client.send("EVALSHA", RESPArgument(unknownSHA), 0) } throws: {
                serverErrorKind($0) == .noScript
            }
            let sha = try #require(try await client.send("SCRIPT", "LOAD", "return 'loaded'").string)
            #expect(try await client.send("EVALSHA", RESPArgument(sha), 0).string == "loaded")

            try await client.send("LPUSH", "list", "a")
            await #expect { try await client.send("GET", "list") } throws: { serverErrorKind($0) == .wrongType }
            await #expect { try await client.send("NOSUCHCOMMAND") } throws: { serverErrorKind($0) == .generic }
            await #expect { try await client.send("EVAL", "return redis.error_reply('CUSTOM failure')", 0) } throws: {
                serverErrorKind($0) == .other("CUSTOM") && ($0 as? RedisServerError)?.message == "CUSTOM failure"
            }
            await #expect { try await client.send([]) } throws: { clientErrorKind($0) == .invalidCommand }
            #expect(try await client.send("PING") == .simpleString("PONG"))
        }
    }

    @Test func pipelineRepliesComeInOrder() async throws {
        try await withRedis { _, client async throws in
            var commands: [[RESPArgument]] = []
            for index in 0..<200 {
                commands.append(["SET", RESPArgument("key:\(index)"), RESPArgument(index)])
                commands.append(["INCR", RESPArgument("key:\(index)")])
                commands.append(["GET", RESPArgument("key:\(index)")])
            }
            let replies = try await client.pipeline(commands)
            #expect(replies.count == 600)
            for index in 0..<200 {
                #expect(replies[3 * index] == .simpleString("OK"))
                #expect(replies[3 * index + 1] == .integer(Int64(index + 1)))
                #expect(replies[3 * index + 2].int == Int64(index + 1))
            }
            #expect(try await client.pipeline([]).isEmpty)
        }
    }

    @Test func aPipelineWithAnErrorThrowsTheFirstAfterRunningAll() async throws {
        try await withRedis { _, client async throws in
            try await client.send("LPUSH", "list", "a")
            await #expect {
                try await client.pipeline([
                    ["SET", "before", 1], ["GET", "list"], ["NOSUCHCOMMAND"], ["SET", "after", 2],
                ])
            } throws: {
                serverErrorKind($0) == .wrongType
            }
            #expect(try await client.pipeline([["GET", "before"], ["GET", "after"]]).map(\.int) == [1, 2])
        }
    }

    @Test func aTransactionGoesInOnePipeline() async throws {
        try await withRedis { _, client async throws in
            let replies = try await client.pipeline([["MULTI"], ["INCR", "tx"], ["INCRBY", "tx", 10], ["EXEC"]])
            #expect(
                replies == [
                    .simpleString("OK"), .simpleString("QUEUED"), .simpleString("QUEUED"),
                    .array([.integer(1), .integer(11)]),
                ]
            )
        }
    }
}
