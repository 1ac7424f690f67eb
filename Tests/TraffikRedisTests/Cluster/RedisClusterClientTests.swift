// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import TestServerSupport
import Testing
import Traffik
import TraffikRedis

extension RedisClusterTests {
    @Suite struct RedisClusterClientTests {
        /// Each key goes to the primary the cluster gives its slot, and keys spread over all three primaries.
        @Test func routesEachKeyToThePrimaryOfItsSlot() async throws {
            try await RedisClusterProcess.with { cluster in
                try await withClusterClient(cluster) { client in
                    var primaries = Set<RedisNodeAddress>()
                    for index in 0..<30 {
                        let key = RESPArgument("route:\(index)")
                        try await client.send("SET", key, RESPArgument("value \(index)"))
                        let primary = try await client.primary(for: key)
                        primaries.insert(primary)
                        // Asked directly, the primary has the key: it was not redirected elsewhere.
                        let stored = try await withClient(of: cluster.node(at: primary)) {
                            try await $0.send("GET", key)
                        }
                        #expect(stored.string == "value \(index)")
                    }
                    #expect(primaries == Set(cluster.addresses))
                    #expect(
                        Set(try await client.primaries().map { $0.configuration.port })
                            == Set(cluster.nodes.map(\.port))
                    )
                }
            }
        }

        /// A primary that stops answering trips its own breaker: after two timeouts its keys fail at once, while
        /// keys on the other primaries go on; after the recovery time a probe finds it answering and it is used again.
        @Test func aFrozenPrimaryIsSkippedWhileTheOthersServe() async throws {
            try await RedisClusterProcess.with { cluster in
                var node = makeConfiguration(cluster.nodes[0])
                node.commandTimeout = .milliseconds(200)
                let configuration = RedisClusterConfiguration(
                    seeds: [cluster.addresses[0]],
                    node: node,
                    nodeBreaker: CircuitBreakerConfiguration(
                        failureThreshold: 2,
                        recoveryTime: .milliseconds(400),
                        successThreshold: 1
                    )
                )
                let client = RedisClusterClient(configuration: configuration, eventLoopGroup: ClusterThreads.eventLoops)
                var byPrimary: [RedisNodeAddress: RESPArgument] = [:]
                for index in 0..<60 where byPrimary.count < 3 {
                    let key = RESPArgument("breaker:\(index)")
                    let primary = try await client.primary(for: key)
                    if byPrimary[primary] == nil { byPrimary[primary] = key }
                    try await client.send("SET", key, "before")
                }
                let victim = cluster.addresses[1]
                let (victimKey, otherKey) = (
                    try #require(byPrimary[victim]), try #require(byPrimary[cluster.addresses[2]])
                )
                // Frozen for well under the cluster's node timeout, so the cluster itself stays up.
                await cluster.node(at: victim).freeze()
                // Each fails as the node's failures do: a timeout, or the connection the timeout closed, or a new
                // connection that cannot be set up; each counts against the node.
                let unwell: Set<RedisClientError.Kind> = [.commandTimeout, .connectionClosed, .connectTimeout]
                for _ in 0..<2 {
                    let failure = await Result { try await client.send("GET", victimKey) }.failureKind
                    #expect(failure.map(unwell.contains) == true, "\(String(describing: failure))")
                }
                let clock = ContinuousClock()
                let started = clock.now
                let skipped = await Result { try await client.send("GET", victimKey) }
                #expect(clock.now - started < .milliseconds(150), "an open breaker costs no timeout")
                #expect(skipped.failureKind == .connectionFailed)
                if case .failure(let error as RedisClientError) = skipped {
                    #expect(error.underlying is CircuitBreakerOpenError)
                }
                #expect(try await client.send("GET", otherKey).string == "before", "the other primaries serve")
                await cluster.node(at: victim).thaw()
                var recovered = false
                for _ in 0..<100 where !recovered {
                    recovered = (try? await client.send("GET", victimKey))?.string == "before"
                    if !recovered { try await pause(for: .milliseconds(50)) }
                }
                #expect(recovered, "the node is used again once a probe succeeds")
                await client.close()
            }
        }

        /// After a slot moves, the client meets `MOVED`, follows it, and sends later commands to the new owner.
        @Test func followsMovedAndUpdatesItsMap() async throws {
            try await RedisClusterProcess.with { cluster in
                try await withClusterClient(cluster) { client in
                    let key: RESPArgument = "moving:{m}"
                    try await client.send("SET", key, "before")
                    let (source, target) = try await cluster.source(of: key, client: client)
                    let slot = RedisHashSlot.of(key.bytes)
                    try await cluster.move(slot, from: source, to: target)

                    #expect(try await client.primary(for: key).port == source.port)  // not learnt yet
                    #expect(try await client.send("GET", key).string == "before")
                    #expect(try await client.primary(for: key).port == target.port)
                    try await client.send("SET", key, "after")
                    #expect(try await cluster.keyCount(in: slot, on: target) == 1)
                    #expect(try await cluster.keyCount(in: slot, on: source) == 0)
                }
            }
        }

        /// With no redirects allowed, a command to a moved slot fails with a typed error; the `MOVED` it met still
        /// teaches the client the new owner, so the next command goes straight there.
        @Test func boundsTheRedirects() async throws {
            try await RedisClusterProcess.with { cluster in
                try await withClusterClient(cluster, maximumRedirects: 0) { client in
                    let key: RESPArgument = "bounded:{b}"
                    try await client.send("SET", key, "1")
                    let (source, target) = try await cluster.source(of: key, client: client)
                    try await cluster.move(RedisHashSlot.of(key.bytes), from: source, to: target)

                    let redirected = await Result { try await client.send("GET", key) }
                    #expect(redirected.failureKind == .tooManyRedirects)
                    #expect(try await client.send("GET", key).string == "1")
                }
            }
        }

        /// While a slot migrates, a key that has left the source is reached with `ASK` (`ASKING` first), new keys of the
        /// slot are written on the target, and the client's map is left as it was.
        @Test func followsAskDuringAMigration() async throws {
            try await RedisClusterProcess.with { cluster in
                try await withClusterClient(cluster) { client in
                    let key: RESPArgument = "asking:{a}"
                    try await client.send("SET", key, "here")
                    let (source, target) = try await cluster.source(of: key, client: client)
                    let slot = RedisHashSlot.of(key.bytes)
                    try await cluster.beginMigration(of: slot, from: source, to: target)
                    try await cluster.migrateKeys(of: slot, from: source, to: target)

                    let direct = await Result { try await withClient(of: source) { try await $0.send("GET", key) } }
                    guard case .failure(let error) = direct else {
                        Issue.record("the source still answered for a migrated key")
                        return
                    }
                    #expect(serverErrorKind(error) == .ask(slot: slot, host: target.host, port: target.port))

                    #expect(try await client.send("GET", key).string == "here")
                    try await client.send("SET", "other:{a}", "new")
                    #expect(try await cluster.keyCount(in: slot, on: target) == 2)
                    #expect(try await client.primary(for: key).port == source.port)

                    try await cluster.finishMigration(of: slot, to: target)
                    #expect(try await client.send("GET", "other:{a}").string == "new")
                }
            }
        }

        /// Keys in different slots are refused before anything is sent (the only seed does not even exist).
        @Test func refusesCrossSlotCommands() async throws {
            try await onDedicatedThreads {
                let client = RedisClusterClient(
                    configuration: RedisClusterConfiguration(
                        seeds: [RedisNodeAddress(host: "127.0.0.1", port: 1)],
                        node: RedisConfiguration(connectTimeout: .seconds(1))
                    ),
                    eventLoopGroup: DedicatedThreads.eventLoops
                )
                #expect(await Result { try await client.send("MGET", "a", "b") }.failureKind == .crossSlot)
                #expect(
                    await Result { try await client.send(["EVALSHA", "sha", 2, "a", "b"]) }.failureKind == .crossSlot
                )
                #expect(
                    await Result { try await client.send(["GET", "a"], keys: ["a", "b"]) }.failureKind == .crossSlot
                )
                #expect(
                    await Result { try await client.pipeline([["GET", "{t}a"], ["GET", "b"]]) }.failureKind
                        == .crossSlot
                )
                // One hash tag passes the check, and the command then fails on the missing node instead.
                let tagged = await Result { try await client.send("MGET", "{t}a", "{t}b") }
                #expect(tagged.failureKind == .connectionFailed)
                await client.close()
            }
        }
    }
}
