// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import Testing
import TraffikRedis

/// `AUTH` and `SELECT` on every new connection.
@Suite struct RedisAuthenticationTests {
    @Test func authenticatesWithAPassword() async throws {
        try await withRedis(password: "s3cret") { _, client async throws in
            #expect(try await client.send("PING") == .simpleString("PONG"))
            #expect(try await client.send("ACL", "WHOAMI").string == "default")
        }
    }

    @Test func authenticatesWithAUserAndPassword() async throws {
        try await withRedis(users: [.init(name: "alice", password: "alice-pass")]) { server, _ async throws in
            let configuration = try RedisConfiguration(url: server.url(username: "alice", password: "alice-pass"))
            let client = makeClient(configuration)
            #expect(try await client.send("ACL", "WHOAMI").string == "alice")
            await client.close()
        }
    }

    @Test func aWrongPasswordFailsClearlyAndFast() async throws {
        try await withRedis(password: "right") { server, _ async throws in
            // Timeouts far longer than the bound below: a client that retried until one of them ran out would fail it.
            let client = makeClient(
                makeConfiguration(server, password: "wrong") {
                    $0.connectTimeout = .seconds(30)
                    $0.commandTimeout = .seconds(30)
                }
            )
            let clock = ContinuousClock()
            let start = clock.now
            do {
                try await client.send("PING")
                Issue.record("PING succeeded with a wrong password")
            } catch let error as RedisClientError {
                #expect(error.kind == .handshakeFailed)
                #expect(error.message.contains("AUTH was refused: WRONGPASS"))
                #expect((error.underlying as? RedisServerError)?.kind == .other("WRONGPASS"))
            }
            // While the pool backs off, the next command fails at once with the same reason.
            await #expect { try await client.send("PING") } throws: { clientErrorKind($0) == .handshakeFailed }
            #expect(clock.now - start < .seconds(15))
            await client.close()
        }
    }

    @Test func aMissingPasswordIsTheServersNOAUTH() async throws {
        try await withRedis(password: "s3cret") { server, _ async throws in
            let client = makeClient(makeConfiguration(server))
            await #expect { try await client.send("GET", "k") } throws: { serverErrorKind($0) == .other("NOAUTH") }
            await client.close()
        }
    }

    @Test func selectKeepsDatabasesApart() async throws {
        try await withRedis(configure: { $0.database = 3 }) { server, client async throws in
            try await client.send("SET", "shared-name", "in three")
            let other = makeClient(makeConfiguration(server) { $0.database = 4 })
            #expect(try await other.send("GET", "shared-name") == .null)
            try await other.send("SET", "shared-name", "in four")
            #expect(try await client.send("GET", "shared-name").string == "in three")
            #expect(try await other.send("GET", "shared-name").string == "in four")
            await other.close()

            let viaURL = makeClient(try RedisConfiguration(url: server.url(database: 3)))
            #expect(try await viaURL.send("GET", "shared-name").string == "in three")
            await viaURL.close()
        }
    }

    @Test func anImpossibleDatabaseFailsTheHandshake() async throws {
        try await withRedis(configure: { $0.database = 999 }) { _, client async throws in
            await #expect { try await client.send("PING") } throws: { error in
                clientErrorKind(error) == .handshakeFailed && "\(error)".contains("SELECT was refused")
            }
        }
    }
}
