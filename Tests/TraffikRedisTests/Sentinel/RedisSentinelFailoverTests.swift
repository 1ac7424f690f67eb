// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import TestServerSupport
import Testing

@testable import TraffikRedis

extension RedisSentinelTests {
    /// How a client that does not run its subscription follows a failover by what its commands meet, and which
    /// commands it sends again: only those that cannot have run.
    ///
    /// After `SENTINEL FAILOVER` the old primary keeps accepting writes until the sentinels demote it, some seconds
    /// later; each test plays that moment itself.
    @Suite struct RedisSentinelFailoverTests {
        /// The old primary is demoted: a write answered `-READONLY` is sent once more, to the primary the sentinels
        /// name now, and succeeds there.
        @Test func aWriteRefusedAsReadOnlyIsSentToTheNewPrimary() async throws {
            try await RedisSentinelGroup.with { group in
                try await group.withClient { client in
                    try await failOver(group, client: client)
                    try await group.withDirectClient(of: group.primary) {
                        try await $0.send(
                            "REPLICAOF",
                            RESPArgument(group.replica.host),
                            RESPArgument(group.replica.port)
                        )
                    }
                    try await pollUntil(seconds: 20) {
                        let role = try? await group.withDirectClient(of: group.primary) { try await $0.send("ROLE") }
                        return role?.array?.count == 5 && role?.array?[3].string == "connected"
                    }
                    let discoveries = client.discoveryCount
                    #expect(try await client.send("INCR", "sentinel:after").int == 1)
                    #expect(client.primaryAddress == group.replica.address)
                    #expect(client.discoveryCount == discoveries + 1)
                    let stored = try await group.withDirectClient(of: group.replica) {
                        try await $0.send("GET", "sentinel:after").int
                    }
                    #expect(stored == 1)
                }
            }
        }

        /// The old primary is gone: a command that cannot connect was never written, so it is sent to the new
        /// primary, once, and succeeds.
        @Test func aCommandThatCouldNotConnectIsSentToTheNewPrimary() async throws {
            try await RedisSentinelGroup.with { group in
                try await group.withClient { client in
                    try await failOver(group, client: client)
                    await group.primary.crash()
                    try await pause(for: .milliseconds(200))  // the client sees its connection drop
                    #expect(try await client.send("INCR", "sentinel:after").int == 1)
                    #expect(client.primaryAddress == group.replica.address)
                }
            }
        }

        /// The old primary hangs: a command that timed out may have run, so it throws and is not sent again; the
        /// client finds the new primary in the background, which never saw the command.
        @Test func aCommandThatTimedOutIsNeverSentAgain() async throws {
            try await RedisSentinelGroup.with { group in
                try await group.withClient(configure: { $0.primary.commandTimeout = .milliseconds(500) }) { client in
                    try await failOver(group, client: client)
                    await group.primary.freeze()
                    let result = await Result { try await client.send("INCR", "sentinel:late") }
                    #expect(result.failureKind == .commandTimeout)
                    try await pollUntil(seconds: 10) { client.primaryAddress == group.replica.address }
                    #expect(
                        try await group.withDirectClient(of: group.replica) {
                            try await $0.send("EXISTS", "sentinel:late").int
                        } == 0
                    )
                    #expect(
                        try await client.send("INCR", "sentinel:late").int == 1,
                        "the timed-out INCR ran nowhere else"
                    )
                    await group.primary.thaw()
                }
            }
        }

        /// A hundred commands fail together on a primary that is gone; while one discovery is slowed by a frozen
        /// sentinel, all of them wait for it and none starts another, even with no interval between discoveries.
        @Test func concurrentFailuresShareOneDiscovery() async throws {
            try await RedisSentinelGroup.with { group in
                let configure: (inout RedisSentinelConfiguration) -> Void = { $0.minimumRediscoveryInterval = .zero }
                try await group.withClient(configure: configure) { client in
                    try await client.send("PING")
                    #expect(client.discoveryCount == 1)
                    await group.sentinels[0].freeze()
                    await group.primary.crash()
                    try await pause(for: .milliseconds(200))
                    let outcomes = await withTaskGroup(of: Result<RESPValue, any Error>.self) { tasks in
                        for index in 0..<100 {
                            tasks.addTask {
                                await Result { try await client.send("SET", RESPArgument("sentinel:\(index)"), "x") }
                            }
                        }
                        return await tasks.reduce(into: []) { $0.append($1) }
                    }
                    await group.sentinels[0].thaw()
                    #expect(client.discoveryCount == 2)
                    for case .failure(let error) in outcomes {
                        // The sentinels may have promoted the replica by the time the discovery asks the others.
                        #expect(error is RedisClientError, "\(error)")
                    }
                }
            }
        }

        /// Makes the client find the primary, fails the group over (`SENTINEL FAILOVER` to the second sentinel), and
        /// waits until every sentinel names the replica; the old primary is still one, and the client still sends
        /// there.
        private func failOver(_ group: RedisSentinelGroup, client: RedisSentinelClient) async throws {
            try await client.send("SET", "sentinel:before", "1")
            #expect(client.primaryAddress == group.primary.address)
            try await group.forceFailover(via: group.sentinels[1])
            try await group.waitUntilEverySentinelNames(group.replica)
            #expect(await group.role(of: group.primary) == "master", "the sentinels have not demoted it yet")
            #expect(client.primaryAddress == group.primary.address, "without run(), nothing has told the client yet")
        }
    }
}
