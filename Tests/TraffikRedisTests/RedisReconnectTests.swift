// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import TestServerSupport
import Testing
import TraffikRedis

/// A server that dies and comes back: typed, quick failures, then a pool that recovers by itself.
@Suite struct RedisReconnectTests {
    private static let failureKinds: [RedisClientError.Kind] = [
        .connectionClosed, .connectionFailed, .connectTimeout, .commandTimeout,
    ]

    @Test func aKilledServerFailsCommandsQuicklyAndThePoolRecovers() async throws {
        try await withRedis(configure: {
            $0.maximumConnections = 2
            $0.commandTimeout = .seconds(20)
            $0.connectTimeout = .seconds(20)
        }) { server, client async throws in
            let clock = ContinuousClock()
            try await client.send("SET", "before", "crash")

            // A command in flight when the server dies fails at once, long before its own timeout.
            async let inFlight = Result(awaiting: { try await client.send("BLPOP", "never-filled", 30) })
            try await waitForBlockedClients(server)
            let crashed = clock.now
            await server.crash()
            #expect(await inFlight.failureKind == .connectionClosed)
            #expect(clock.now - crashed < .seconds(10))

            // With the server gone, commands fail fast with typed errors.
            for _ in 0..<5 {
                let attempt = clock.now
                await #expect { try await client.send("PING") } throws: { error in
                    clientErrorKind(error).map(Self.failureKinds.contains) == true
                }
                #expect(clock.now - attempt < .seconds(10))
            }

            // Back on the same port: the pool reconnects without help.
            try await server.restart()
            let restarted = clock.now
            var recovered = false
            while !recovered, clock.now - restarted < .seconds(5) {
                do {
                    recovered = try await client.send("PING") == .simpleString("PONG")
                } catch {
                    #expect(clientErrorKind(error).map(Self.failureKinds.contains) == true, "\(error)")
                    try await pause(for: .milliseconds(20))
                }
            }
            #expect(recovered)
            #expect(try await client.send("GET", "before") == .null)  // nothing was saved
            try await client.send("SET", "after", "restart")
            #expect(try await client.send("GET", "after").string == "restart")
        }
    }

    @Test func commandsFailAtOnceWhileThePoolBacksOff() async throws {
        try await onDedicatedThreads {
            // A server is started and stopped only to find a port that nothing listens on.
            let server = try await RedisServerProcess.start()
            await server.stop()
            let client = makeClient(
                makeConfiguration(server) { $0.reconnectBackoff = .init(minimum: .seconds(60), maximum: .seconds(120)) }
            )
            await #expect { try await client.send("PING") } throws: { clientErrorKind($0) == .connectionFailed }

            // The next attempt is a minute away: the command fails without trying, and says when the pool will try again.
            let clock = ContinuousClock()
            let start = clock.now
            await #expect { try await client.send("PING") } throws: { error in
                clientErrorKind(error) == .connectionFailed && "\(error)".contains("next attempt in")
            }
            #expect(clock.now - start < .seconds(10))
            await client.close()
        }
    }

    @Test func aServerThatNeverAcceptsHitsTheConnectTimeout() async throws {
        try await onDedicatedThreads {
            let listener = try UnacceptingListener()
            defer { listener.shutDown() }
            let client = makeClient(
                RedisConfiguration(host: "127.0.0.1", port: listener.port, connectTimeout: .milliseconds(300))
            )
            let clock = ContinuousClock()
            let start = clock.now
            await #expect { try await client.send("PING") } throws: { clientErrorKind($0) == .connectTimeout }
            // Without the timeout, the connection would wait for the operating system's, minutes away.
            #expect(clock.now - start < .seconds(10))
            await client.close()
        }
    }
}
