// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import TestServerSupport
import Testing
import Traffik

@testable import TraffikRedis

/// The backend's failures as the core sees them: ``BackendError`` kinds with the client's error underneath, and
/// retries only where the command cannot have run.
@Suite struct RedisBackendErrorTests {
    @Test(arguments: [
        (RedisClientError.Kind.connectTimeout, BackendError.Kind.unavailable, true),
        (.connectionFailed, .unavailable, true),
        (.handshakeFailed, .unavailable, false),
        (.commandTimeout, .timeout, false),
        (.connectionClosed, .unavailable, false),
        (.clientClosed, .closed, false),
        (.protocolError, .protocol, false),
        (.tooManyRedirects, .unavailable, false),
        (.slotUnassigned, .unavailable, false),
        (.invalidConfiguration, .unavailable, false),
    ])
    func clientErrorsMapToKinds(_ kind: RedisClientError.Kind, _ expected: BackendError.Kind, _ retried: Bool) {
        let error = RedisClientError(kind, "boom")
        let mapped = RedisFailure.backendError(error) as? BackendError
        #expect(mapped?.kind == expected)
        #expect((mapped?.underlying as? RedisClientError)?.kind == kind)
        #expect(RedisFailure.isSafeToRetry(error) == retried, "a command that may have run is never retried")
    }

    @Test(arguments: [
        ("LOADING Redis is loading the dataset in memory", BackendError.Kind.unavailable, true),
        ("BUSY Redis is busy running a script", .unavailable, true),
        ("TRYAGAIN Multiple keys request during rehashing of slot", .unavailable, true),
        ("READONLY You can't write against a read only replica.", .unavailable, true),
        ("MASTERDOWN Link with MASTER is down", .unavailable, true),
        ("CLUSTERDOWN The cluster is down", .unavailable, true),
        ("NOREPLICAS Not enough good replicas to write.", .unavailable, true),
        ("ERR user_script:1: Script attempted to access nonexistent global variable", .server, false),
        ("OOM command not allowed when used memory > 'maxmemory'.", .server, false),
        ("NOSCRIPT No matching script", .server, false),
        ("WRONGPASS invalid username-password pair", .server, false),
        ("", .server, false),
    ])
    func serverErrorsMapToKinds(_ line: String, _ expected: BackendError.Kind, _ retried: Bool) {
        let error = RedisServerError(message: line)
        let mapped = RedisFailure.backendError(error) as? BackendError
        #expect(mapped?.kind == expected)
        #expect((mapped?.underlying as? RedisServerError) == error)
        #expect(RedisFailure.isSafeToRetry(error) == retried)
    }

    @Test func errorsThatAreNotTheClientsPassUnchanged() {
        #expect(RedisFailure.backendError(CancellationError()) is CancellationError)
        let contention = BackendError(.contention, "lost")
        #expect((RedisFailure.backendError(contention) as? BackendError)?.kind == .contention)
        #expect(!RedisFailure.isSafeToRetry(contention))
    }

    /// A server that cannot be reached: the decision fails as `unavailable`, the client's error underneath, so a
    /// policy can tell it apart without importing TraffikRedis.
    @Test func anUnreachableServerIsUnavailable() async throws {
        let client = RedisClient(
            configuration: RedisConfiguration(host: "127.0.0.1", port: 1, connectTimeout: .seconds(1))
        )
        let backend = RedisBackend(client: client, retries: .none)
        let error = await #expect(throws: BackendError.self) {
            try await backend.decide(key: "k", strategy: .fixedWindow, rate: .perMinute(5), cost: 1, commit: true)
        }
        #expect(error?.kind == .unavailable)
        #expect(error?.underlying is RedisClientError)
        await client.close()
    }

    /// `BUSY` (a script holds Redis) is refused before the command runs: the decision is retried until the script
    /// is killed, and counts once.
    @Test func aBusyServerIsRetriedAndTheDecisionCountsOnce() async throws {
        try await withRedis(serverArguments: ["--busy-reply-threshold", "50"]) { server, client in
            let backend = RedisBackend(
                client: client,
                namespace: "busy",
                retries: RetryPolicy(maximumAttempts: 100, backoff: .constant(.milliseconds(20)), jitter: .none)
            )
            try await backend.start()
            let blocker = makeClient(makeConfiguration(server, configure: { $0.commandTimeout = .seconds(30) }))
            let admin = makeClient(makeConfiguration(server))
            // Both connect before Redis is busy.
            _ = try await blocker.send("PING")
            _ = try await admin.send("PING")
            let script = Task { try? await blocker.send("EVAL", "while true do end", "0") }
            // Wait until Redis answers BUSY.
            var busy = false
            for _ in 0..<100 where !busy {
                do { _ = try await admin.send("PING") } catch let error as RedisServerError where error.code == "BUSY" {
                    busy = true
                }
                if !busy { try await pause(for: .milliseconds(20)) }
            }
            #expect(busy)
            let decision = Task {
                try await backend.decide(key: "k", strategy: .fixedWindow, rate: .perMinute(5), cost: 1, commit: true)
            }
            try await pause(for: .milliseconds(200))
            _ = try await admin.send("SCRIPT", "KILL")
            let decided = try await decision.value
            #expect(decided.isAllowed)
            #expect(decided.remaining == 4, "the retried decision counted once")
            _ = await script.value
            await blocker.close()
            await admin.close()
        }
    }
}
