// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import TestServerSupport
import Testing
import Traffik

@testable import TraffikRedis

extension RedisSentinelTests {
    /// A throttle on `RedisBackend(sentinels:…)` through a failover, under load: decisions keep coming, move to the
    /// new primary, and the budget admitted across the failover stays within a bound.
    ///
    /// **The bound.** Redis replicates asynchronously, so a decision the old primary acknowledged after the replica
    /// stopped copying from it is lost on the new primary, which then admits as if it never happened. Every such
    /// decision was answered after the failover began (less the replication lag, taken here as at most 250 ms on
    /// loopback) and asked before the client switched: once the client sends to the new primary, that primary
    /// enforces the limit on its own counter. So the admitted decisions are at most the limit plus the admitted
    /// decisions answered in that switch window, and at least the limit once the new primary has refused some.
    @Suite struct RedisSentinelBackendTests {
        /// The throttle's limit: 200 an hour, for one client key.
        private static let limit = 200
        /// How far the replica may lag the old primary: decisions answered this long before the failover began
        /// count as in the switch window too. Replication is asynchronous and the replica a process on a shared
        /// two-core machine: under the full suite it has lagged more than 400 ms (a run admitted 9 decisions beyond
        /// a 250 ms margin at about 55 a second), so the margin is a second.
        private static let replicationMargin = Duration.seconds(1)

        /// `SENTINEL FAILOVER` while four tasks hit one key about 55 times a second. The client, run as a service,
        /// follows `+switch-master`; scripts load again on the new primary by the `NOSCRIPT` path.
        @Test func aForcedFailoverDuringLoadKeepsDecidingWithinTheBound() async throws {
            try await RedisSentinelGroup.with { group in
                let backend = try RedisBackend(
                    sentinels: group.sentinelAddresses.map(\.description),
                    primaryName: RedisSentinelGroup.name,
                    namespace: "sentinel-load"
                )
                let client = try #require(backend.client as? RedisSentinelClient)
                let throttle = try Throttle<String>(
                    uid: "sentinel-load-\(group.primary.port)",
                    rate: .perHour(Self.limit),
                    backend: .fixed(backend)
                )
                try await backend.start()
                let sha = try await fixedWindowSHA(group)
                #expect(try await scriptExists(sha, on: group.replica, group) == false, "SCRIPT LOAD is not replicated")

                let log = DecisionLog(pace: .milliseconds(70))
                let (failedOverAt, switchedAt) = try await withThrowingTaskGroup(of: Void.self) { tasks in
                    tasks.addTask { try await backend.run() }
                    tasks.addTask { try await log.load(throttle, client: "client-1", tasks: 4) }
                    defer {
                        log.setPace(nil)
                        tasks.cancelAll()
                    }
                    try await pollUntil(seconds: 20) { log.count(\.isAdmitted) >= 25 }
                    let failedOverAt = ContinuousClock.now
                    try await group.forceFailover(via: group.sentinels[1])
                    try await pollUntil(seconds: 20) { client.primaryAddress == group.replica.address }
                    let switchedAt = ContinuousClock.now
                    // Paced a little longer on the new primary, then the rest of the budget at full speed.
                    try await pause(for: .milliseconds(300))
                    log.setPace(.zero)
                    try await pollUntil(seconds: 30) { log.count { $0.isThrottled && $0.started > switchedAt } >= 50 }
                    log.setPace(nil)
                    return (failedOverAt, switchedAt)
                }

                let entries = log.all
                let admitted = entries.count(where: \.isAdmitted)
                let window = entries.count {
                    $0.isAdmitted && $0.ended >= failedOverAt - Self.replicationMargin && $0.started <= switchedAt
                }
                let errors = entries.count(where: \.isError)
                let duringSwitch = entries.count { $0.ended >= failedOverAt && $0.started <= switchedAt }
                let slowest = entries.map { $0.ended - $0.started }.max() ?? .zero
                print(
                    "Sentinel failover under load: \(admitted) admitted against a limit of \(Self.limit) "
                        + "(bound \(Self.limit) + \(window) admitted in the switch window = \(Self.limit + window)); "
                        + "\(entries.count(where: \.isThrottled)) throttled, \(errors) errors through the error policy, "
                        + "\(duringSwitch) decisions during the switch; the client switched "
                        + "\(milliseconds(switchedAt - failedOverAt)) ms after SENTINEL FAILOVER; "
                        + "slowest decision \(milliseconds(slowest)) ms, \(entries.count) decisions"
                )
                #expect(admitted >= Self.limit, "the new primary admits up to the limit on its own counter")
                #expect(admitted <= Self.limit + window)
                #expect(duringSwitch > 0, "decisions kept coming during the switch")
                #expect(
                    switchedAt - failedOverAt < .seconds(5),
                    "run() follows +switch-master; without it the client would wait for the old primary's demotion"
                )
                #expect(slowest < .seconds(10))

                #expect(await group.role(of: group.replica) == "master")
                let key = backend.storeKey(throttle.key(client: "client-1"))
                #expect(
                    try await group.withDirectClient(of: group.replica) {
                        try await $0.send("EXISTS", RESPArgument(key)).int
                    } == 1
                )
                #expect(try await scriptExists(sha, on: group.replica, group), "reloaded after NOSCRIPT")
            }
        }

        /// The primary is killed (SIGKILL) while two tasks hit one key. The client does not run its subscription: the
        /// failures themselves make it ask the sentinels again, until they have promoted the replica.
        @Test func aKilledPrimaryIsReplacedOnceTheSentinelsPromoteTheReplica() async throws {
            try await RedisSentinelGroup.with { group in
                try await group.waitForQuorum()
                let backend = try RedisBackend(
                    sentinels: group.sentinelAddresses.map(\.description),
                    primaryName: RedisSentinelGroup.name,
                    namespace: "sentinel-kill"
                )
                let client = try #require(backend.client as? RedisSentinelClient)
                let throttle = try Throttle<String>(
                    uid: "sentinel-kill-\(group.primary.port)",
                    rate: .perHour(Self.limit),
                    backend: .fixed(backend)
                )
                let log = DecisionLog(pace: .milliseconds(50))
                let (killedAt, switchedAt) = try await withThrowingTaskGroup(of: Void.self) { tasks in
                    tasks.addTask { try await log.load(throttle, client: "client-1", tasks: 2) }
                    defer { log.setPace(nil) }
                    try await pollUntil(seconds: 20) { log.count(\.isAdmitted) >= 20 }
                    let killedAt = ContinuousClock.now
                    await group.primary.crash()
                    try await pollUntil(seconds: 30) { client.primaryAddress == group.replica.address }
                    let switchedAt = ContinuousClock.now
                    try await pollUntil(seconds: 20) { log.count { $0.isAdmitted && $0.started > switchedAt } >= 20 }
                    log.setPace(nil)
                    try await tasks.waitForAll()
                    return (killedAt, switchedAt)
                }
                try await backend.close()

                let entries = log.all
                let admitted = entries.count(where: \.isAdmitted)
                let window = entries.count {
                    $0.isAdmitted && $0.ended >= killedAt - Self.replicationMargin && $0.started <= switchedAt
                }
                let errors = entries.count(where: \.isError)
                print(
                    "Sentinel failover after SIGKILL: \(admitted) admitted against a limit of \(Self.limit) "
                        + "(bound \(Self.limit) + \(window)); \(errors) errors through the error policy; the client "
                        + "switched \(milliseconds(switchedAt - killedAt)) ms after the kill; \(entries.count) decisions"
                )
                #expect(admitted <= Self.limit + window)
                #expect(errors > 0, "decisions while no primary answered went through the error policy")
                #expect(await group.role(of: group.replica) == "master")
                let key = backend.storeKey(throttle.key(client: "client-1"))
                #expect(
                    try await group.withDirectClient(of: group.replica) {
                        try await $0.send("EXISTS", RESPArgument(key)).int
                    } == 1
                )
            }
        }

        /// The fixed-window script's SHA, from the group's first primary (which has it: the backend loaded it there).
        private func fixedWindowSHA(_ group: RedisSentinelGroup) async throws -> String {
            try await group.withDirectClient(of: group.primary) {
                try await $0.send("SCRIPT", "LOAD", RESPArgument(RedisScript.fixedWindow.source)).string ?? ""
            }
        }

        private func scriptExists(
            _ sha: String,
            on server: RedisServerProcess,
            _ group: RedisSentinelGroup
        ) async throws -> Bool {
            try await group.withDirectClient(of: server) {
                try await $0.send("SCRIPT", "EXISTS", RESPArgument(sha)).array?.first?.int == 1
            }
        }

        private func milliseconds(_ duration: Duration) -> Int64 {
            duration.components.seconds * 1_000 + duration.components.attoseconds / 1_000_000_000_000_000
        }
    }
}
