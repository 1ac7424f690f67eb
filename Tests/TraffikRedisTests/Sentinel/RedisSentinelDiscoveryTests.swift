// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import TestServerSupport
import Testing
import TraffikProcessSupport

@testable import TraffikRedis

extension RedisSentinelTests {
    /// Finding the primary through real sentinels, and every way of not finding it: each fails fast with a clear
    /// ``RedisClientError``.
    @Suite struct RedisSentinelDiscoveryTests {
        /// The client asks the sentinels in turn (the first is down), confirms the primary with `ROLE`, and sends
        /// there; ``RedisSentinelClient/primaries()`` is a client of that primary.
        @Test func discoveryFindsThePrimaryPastASentinelThatIsDown() async throws {
            try await RedisSentinelGroup.with { group in
                let down = RedisNodeAddress(host: "127.0.0.1", port: try LoopbackPort.free())
                try await group.withClient(configure: { $0.sentinels.insert(down, at: 0) }) { client in
                    #expect(client.primaryAddress == nil, "nothing connects before the first command")
                    try await client.send("SET", "sentinel:greeting", "hello")
                    #expect(client.primaryAddress == group.primary.address)
                    let primaries = try await client.primaries()
                    #expect(primaries.map(\.configuration.port) == [group.primary.port])
                    #expect(try await primaries[0].send("ROLE").array?.first?.string == "master")
                    let stored = try await group.withDirectClient(of: group.primary) {
                        try await $0.send("GET", "sentinel:greeting").string
                    }
                    #expect(stored == "hello")
                    #expect(try await client.discoverPrimary() == group.primary.address)
                    #expect(client.discoveryCount == 2, "one for the first command, one asked for")
                }
            }
        }

        /// A name no sentinel watches: every sentinel answers the null reply, and the command fails at once.
        @Test func anUnknownPrimaryNameFailsClearlyAndFast() async throws {
            try await RedisSentinelGroup.with { group in
                try await group.withClient(configure: { $0.primaryName = "nobody" }) { client in
                    let clock = ContinuousClock()
                    let started = clock.now
                    let error = try await failure { try await client.send("PING") }
                    #expect(clock.now - started < .seconds(1))
                    #expect(error.kind == .connectionFailed)
                    #expect(error.message.contains("knows no primary named nobody"))
                    for sentinel in group.sentinels { #expect(error.message.contains("\(sentinel.address)")) }
                    #expect(client.primaryAddress == nil)
                }
            }
        }

        /// No sentinel can be reached: two refuse the connection, one never accepts it. The command fails within the
        /// sentinels' connect timeout, naming each.
        @Test func everySentinelDownFailsClearlyAndFast() async throws {
            try await onDedicatedThreads {
                let listener = try UnacceptingListener()
                let refusing = [try LoopbackPort.free(), try LoopbackPort.free()]
                let configuration = RedisSentinelConfiguration(
                    sentinels: (refusing + [listener.port]).map { RedisNodeAddress(host: "127.0.0.1", port: $0) },
                    primaryName: "limits",
                    sentinelConnectTimeout: .milliseconds(300)
                )
                let client = RedisSentinelClient(
                    configuration: configuration,
                    eventLoopGroup: DedicatedThreads.eventLoops
                )
                let clock = ContinuousClock()
                let started = clock.now
                let error = try await failure { try await client.send("PING") }
                #expect(clock.now - started < .seconds(3))
                #expect(error.kind == .connectionFailed, "refused and timed out: no single kind")
                for port in refusing + [listener.port] { #expect(error.message.contains("127.0.0.1:\(port)")) }
                // Refused alone: the kind every sentinel failed with, at once.
                let refused = RedisSentinelClient(
                    configuration: RedisSentinelConfiguration(
                        sentinels: refusing.map { RedisNodeAddress(host: "127.0.0.1", port: $0) },
                        primaryName: "limits"
                    ),
                    eventLoopGroup: DedicatedThreads.eventLoops
                )
                let again = clock.now
                #expect(try await failure { try await refused.send("PING") }.kind == .connectionFailed)
                #expect(clock.now - again < .seconds(1))
                await client.close()
                await refused.close()
                withExtendedLifetime(listener) {}
            }
        }

        /// Servers that are not sentinels in the sentinels' place: a Redis server answers an error, memcached
        /// answers bytes that are not RESP. Both are protocol errors, and nothing is sent anywhere else.
        @Test func aServerThatIsNotASentinelIsAProtocolError() async throws {
            try await onDedicatedThreads {
                let impostor = try await MemcachedServerProcess.start()
                let result = await Result {
                    try await RedisServerProcess.with { server in
                        let client = RedisSentinelClient(
                            configuration: RedisSentinelConfiguration(
                                sentinels: [server.address, RedisNodeAddress(host: "127.0.0.1", port: impostor.port)],
                                primaryName: "limits"
                            ),
                            eventLoopGroup: DedicatedThreads.eventLoops
                        )
                        let error = try await failure { try await client.send("PING") }
                        await client.close()
                        #expect(error.kind == .protocolError)
                        #expect(error.message.contains("\(server.address) answered ERR"))
                        #expect(error.message.contains("127.0.0.1:\(impostor.port)"))
                    }
                }
                await impostor.stop()
                try result.get()
            }
        }

        /// Passwords on the primary and on the sentinels: with both the client finds the primary, subscribes, and
        /// writes; without the sentinels' password, or with a wrong one, or without the primary's, it fails with a
        /// failed handshake that names the server.
        @Test func credentialsReachTheSentinelsAndThePrimary() async throws {
            try await RedisSentinelGroup.with(password: "primary-secret", sentinelPassword: "sentinel-secret") {
                group in
                try await group.withClient { client in
                    try await withThrowingTaskGroup(of: Void.self) { tasks in
                        tasks.addTask { try await client.run() }
                        // run() subscribes on every sentinel (after AUTH), and each confirmed subscription checks
                        // the primary: a discovery with no command sent.
                        try await pollUntil(seconds: 10) { client.primaryAddress == group.primary.address }
                        #expect(try await client.send("INCR", "sentinel:visits").int == 1)
                        tasks.cancelAll()
                    }
                }
                for (configure, culprit) in [
                    ({ $0.sentinelPassword = nil }, "NOAUTH"),
                    ({ $0.sentinelPassword = "wrong" }, "AUTH"),
                    ({ $0.primary.password = nil }, "NOAUTH"),
                ] as [((inout RedisSentinelConfiguration) -> Void, String)] {
                    try await group.withClient(configure: configure) { client in
                        let error = try await failure { try await client.send("PING") }
                        #expect(error.kind == .handshakeFailed, "\(culprit)")
                        #expect(error.message.contains(culprit), "\(error)")
                    }
                }
            }
        }
    }
}

/// The ``RedisClientError`` `body` throws; a test failure when it succeeds or throws something else.
func failure(_ body: () async throws -> some Sendable) async throws -> RedisClientError {
    do {
        let value = try await body()
        Issue.record("expected a RedisClientError, got \(value)")
    } catch let error as RedisClientError {
        return error
    } catch {
        Issue.record("expected a RedisClientError, got \(error)")
    }
    return RedisClientError(.invalidCommand, "no RedisClientError")
}
