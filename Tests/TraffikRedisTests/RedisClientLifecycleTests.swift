// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ServiceLifecycle
import StoreTestSupport
import TestServerSupport
import Testing
import TraffikRedis

/// Closing, and running the client as a ServiceLifecycle service.
@Suite struct RedisClientLifecycleTests {
    @Test func aClosedClientRefusesCommands() async throws {
        try await withRedis { _, client async throws in
            #expect(try await client.send("PING") == .simpleString("PONG"))
            await client.close()
            await #expect { try await client.send("PING") } throws: { clientErrorKind($0) == .clientClosed }
            await client.close()  // closing twice is harmless
        }
    }

    @Test func closeLetsCommandsInFlightFinish() async throws {
        // The BLPOP waits for the whole test: give it a command timeout a loaded machine cannot reach.
        try await withRedis(configure: { $0.commandTimeout = .seconds(15) }) { server, client async throws in
            async let blocked = Result(awaiting: { try await client.send("BLPOP", "jobs", 0) })
            try await waitForBlockedClients(server)
            async let closing: Void = client.close()
            // Give the close a head start; should it lose the race, the test still passes, it only proves less.
            try await pause(for: .milliseconds(100))
            await #expect { try await client.send("PING") } throws: { clientErrorKind($0) == .clientClosed }

            // The BLPOP is still waiting: feed it from another client.
            let pusher = makeClient(makeConfiguration(server))
            try await pusher.send("LPUSH", "jobs", "last")
            await pusher.close()
            let reply = try await blocked.get()
            #expect(reply == .array([.bulkString(Array("jobs".utf8)), .bulkString(Array("last".utf8))]))
            await closing
        }
    }

    @Test func runsAsAServiceUntilGracefulShutdown() async throws {
        try await onDedicatedThreads {
            try await RedisServerProcess.with { server async throws in
                let client = makeClient(makeConfiguration(server))
                let group = ServiceGroup(services: [client])
                try await withThrowingTaskGroup(of: Void.self) { tasks in
                    tasks.addTask { try await group.run() }
                    #expect(try await client.send("PING") == .simpleString("PONG"))
                    await group.triggerGracefulShutdown()
                    try await tasks.waitForAll()
                }
                await #expect { try await client.send("PING") } throws: { clientErrorKind($0) == .clientClosed }
            }
        }
    }
}
