// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import TestServerSupport
import Testing
import TraffikRedis

/// Command timeouts against a real server: typed errors, bounded waits, and a client that keeps working.
@Suite struct RedisTimeoutTests {
    @Test func aSlowCommandTimesOutAndTheClientRecovers() async throws {
        try await withRedis(configure: {
            $0.maximumConnections = 1
            // Long enough for the PING below to queue behind the BLPOP on a loaded machine, well short of the BLPOP's
            // own ten seconds.
            $0.commandTimeout = .seconds(4)
        }) { server, client async throws in
            let firstConnection = try await client.send("CLIENT", "ID")
            let clock = ContinuousClock()
            let start = clock.now
            // BLPOP blocks only its own connection; PING queues behind it on the same connection.
            async let blocked = Result(awaiting: { try await client.send("BLPOP", "never-filled", 10) })
            try await waitForBlockedClients(server)
            async let queued = Result(awaiting: { try await client.send("PING") })
            let (blockedResult, queuedResult) = await (blocked, queued)
            #expect(clock.now - start < .seconds(8))
            #expect(blockedResult.failureKind == .commandTimeout)
            #expect(queuedResult.failureKind == .connectionClosed, "\(queuedResult)")

            // A new connection replaces the closed one.
            #expect(try await client.send("PING") == .simpleString("PONG"))
            #expect(try await client.send("CLIENT", "ID") != firstConnection)
        }
    }

    @Test func aStalledServerTimesCommandsOutUntilItWakes() async throws {
        try await withRedis(
            serverArguments: ["--enable-debug-command", "local"],
            configure: {
                $0.connectTimeout = .seconds(1)
                $0.commandTimeout = .milliseconds(200)
            }
        ) { _, client async throws in
            let clock = ContinuousClock()
            let start = clock.now
            // The server sleeps for fifteen seconds; the 0.2 s timeout must answer long before it wakes.
            await #expect { try await client.send("DEBUG", "SLEEP", 15) } throws: {
                clientErrorKind($0) == .commandTimeout
            }
            #expect(clock.now - start < .seconds(8))

            // Every attempt fails with a typed error within the timeouts (connect 1 s, command 0.2 s), and the client
            // answers again once the server does.
            var recovered = false
            while !recovered, clock.now - start < .seconds(30) {
                let attempt = clock.now
                do {
                    recovered = try await client.send("PING") == .simpleString("PONG")
                } catch {
                    let kinds: [RedisClientError.Kind] = [.commandTimeout, .connectionClosed, .connectTimeout]
                    #expect(clientErrorKind(error).map(kinds.contains) == true, "\(error)")
                    #expect(clock.now - attempt < .seconds(8))
                    try await pause(for: .milliseconds(20))
                }
            }
            #expect(recovered)
        }
    }
}
