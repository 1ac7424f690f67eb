// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import Testing
import TraffikRedis

/// Many tasks sharing a small pool: every reply must reach the command that asked for it.
@Suite struct RedisPipeliningTests {
    @Test func aThousandConcurrentCommandsOverTwoConnections() async throws {
        try await withRedis(configure: { $0.maximumConnections = 2 }) { _, client async throws in
            try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                for index in 0..<1_000 {
                    group.addTask {
                        let key = RESPArgument("key:\(index)")
                        try await client.send("SET", key, RESPArgument("value-\(index)"))
                        return (index, try await client.send("GET", key).string)
                    }
                }
                var answered = 0
                for try await (index, value) in group {
                    #expect(value == "value-\(index)")
                    answered += 1
                }
                #expect(answered == 1_000)
            }

            // Concurrent increments of one key: each task sees a distinct count, and none is lost.
            let counts = try await withThrowingTaskGroup(of: Int64?.self) { group in
                for _ in 0..<1_000 { group.addTask { try await client.send("INCR", "shared").int } }
                return try await group.reduce(into: Set<Int64>()) { $0.insert($1 ?? -1) }
            }
            #expect(counts == Set(1...1_000))

            // Concurrent pipelines: each keeps its own order.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<100 {
                    group.addTask {
                        let key = RESPArgument("pipelined:\(task)")
                        let replies = try await client.pipeline(Array(repeating: ["INCR", key], count: 10))
                        #expect(replies == (1...10).map { RESPValue.integer(Int64($0)) })
                    }
                }
                try await group.waitForAll()
            }

            // The pool opened both connections and no more.
            let clients = try #require(try await client.send("CLIENT", "LIST").string)
            #expect(clients.split(separator: "\n").count == 2, "\(clients)")
        }
    }
}
