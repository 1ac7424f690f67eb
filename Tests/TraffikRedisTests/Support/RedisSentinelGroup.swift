// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import TestServerSupport
import TraffikRedis
import TraffikTestSupport

/// A primary, one replica (`--replicaof`) and three `redis-sentinel` processes watching them with a quorum of two,
/// all on loopback, for tests; their files live in a temporary directory.
///
/// ```swift
/// try await RedisSentinelGroup.with { group in
///     try await group.withClient { client in
///         #expect(try await client.discoverPrimary() == group.primary.address)
///     }
/// }
/// ```
struct RedisSentinelGroup: Sendable {
    /// The name the sentinels watch the primary under.
    static let name = "traffik-primary"

    /// The server that is primary at the start.
    let primary: RedisServerProcess
    /// The server that replicates it at the start.
    let replica: RedisServerProcess
    /// The three sentinels.
    let sentinels: [RedisSentinelProcess]
    /// The password of the primary and the replica, if any.
    let password: String?
    /// The password of the sentinels, if any.
    let sentinelPassword: String?

    /// The sentinels' addresses, in order.
    var sentinelAddresses: [RedisNodeAddress] { sentinels.map(\.address) }

    /// Starts the group, waits until every sentinel sees the replica, runs `body` with it on
    /// ``DedicatedThreads``, and stops every process and removes the directory however `body` ends.
    ///
    /// - Parameters:
    ///   - password: The `requirepass` (and `masterauth`) of the primary and the replica.
    ///   - sentinelPassword: The `requirepass` of the sentinels.
    static func with<T: Sendable>(
        password: String? = nil,
        sentinelPassword: String? = nil,
        _ body: (RedisSentinelGroup) async throws -> T
    ) async throws -> T {
        try await onDedicatedThreads {
            let directory = try TemporaryDirectory.make(prefix: "traffik-sentinel")
            var started: [@Sendable () async -> Void] = []
            do {
                let primary = try await RedisServerProcess.start(
                    password: password,
                    extraArguments: dataArguments("primary", directory: directory, password: password)
                )
                started.append { await primary.stop() }
                let replica = try await RedisServerProcess.start(
                    password: password,
                    extraArguments: dataArguments("replica", directory: directory, password: password)
                        + ["--replicaof", primary.host, "\(primary.port)"]
                )
                started.append { await replica.stop() }
                try await waitForReplication(from: primary, to: replica, password: password)
                var sentinels: [RedisSentinelProcess] = []
                for index in 0..<3 {
                    let sentinel = try await RedisSentinelProcess.start(
                        watching: primary,
                        name: name,
                        quorum: 2,
                        configurationFile: "\(directory)/sentinel-\(index).conf",
                        directory: directory,
                        password: sentinelPassword,
                        primaryPassword: password
                    )
                    started.append { await sentinel.stop() }
                    sentinels.append(sentinel)
                }
                let group = RedisSentinelGroup(
                    primary: primary,
                    replica: replica,
                    sentinels: sentinels,
                    password: password,
                    sentinelPassword: sentinelPassword
                )
                try await group.waitUntilEverySentinelSeesTheReplica()
                let result = try await body(group)
                await stop(started, directory: directory)
                return result
            } catch {
                await stop(started, directory: directory)
                throw error
            }
        }
    }

    /// Each server's files in the group's directory, replication that starts at once, and the password for
    /// replicating from the other server.
    private static func dataArguments(_ role: String, directory: String, password: String?) -> [String] {
        var arguments = ["--dir", directory, "--dbfilename", "\(role).rdb", "--repl-diskless-sync-delay", "0"]
        if let password { arguments += ["--masterauth", password] }
        return arguments
    }

    private static func stop(_ started: [@Sendable () async -> Void], directory: String) async {
        for stop in started.reversed() { await stop() }
        TemporaryDirectory.remove(directory)
    }

    // MARK: - Clients

    /// A configuration for the group's sentinels and name, with timeouts short enough that a failing test never
    /// waits long and long enough for a loaded machine; changed by `configure`.
    func configuration(
        configure: (inout RedisSentinelConfiguration) -> Void = { _ in }
    ) -> RedisSentinelConfiguration {
        var configuration = RedisSentinelConfiguration(
            sentinels: sentinelAddresses,
            primaryName: Self.name,
            primary: makeConfiguration(primary, password: password),
            sentinelPassword: sentinelPassword,
            sentinelConnectTimeout: .seconds(1),
            sentinelCommandTimeout: .seconds(1)
        )
        configure(&configuration)
        return configuration
    }

    /// A sentinel client of the group whose connections run on ``DedicatedThreads/eventLoops``.
    func makeSentinelClient(configure: (inout RedisSentinelConfiguration) -> Void = { _ in }) -> RedisSentinelClient {
        RedisSentinelClient(
            configuration: configuration(configure: configure),
            eventLoopGroup: DedicatedThreads.eventLoops
        )
    }

    /// Runs `body` with a sentinel client of the group (see ``makeSentinelClient(configure:)``), closed however `body`
    /// ends.
    func withClient<T: Sendable>(
        configure: (inout RedisSentinelConfiguration) -> Void = { _ in },
        _ body: (RedisSentinelClient) async throws -> T
    ) async throws -> T {
        let client = makeSentinelClient(configure: configure)
        let result = await Result { try await body(client) }
        await client.close()
        return try result.get()
    }

    /// Runs `body` with a plain client of `server` (the primary or the replica), closed however `body` ends.
    @discardableResult
    func withDirectClient<T: Sendable>(
        of server: RedisServerProcess,
        _ body: (RedisClient) async throws -> T
    ) async throws -> T {
        try await Self.withDirectClient(of: server, password: password, body)
    }

    @discardableResult
    private static func withDirectClient<T: Sendable>(
        of server: RedisServerProcess,
        password: String?,
        _ body: (RedisClient) async throws -> T
    ) async throws -> T {
        let client = makeClient(makeConfiguration(server, password: password))
        let result = await Result { try await body(client) }
        await client.close()
        return try result.get()
    }

    /// Sends one command to `sentinel` on a connection of its own.
    @discardableResult
    func ask(_ sentinel: RedisSentinelProcess, _ arguments: RESPArgument...) async throws -> RESPValue {
        let client = makeClient(
            RedisConfiguration(host: sentinel.host, port: sentinel.port, password: sentinelPassword)
        )
        let result = await Result { try await client.send(arguments) }
        await client.close()
        return try result.get()
    }

    // MARK: - Watching the group

    /// The role `server` reports (`master`, `slave`), or `nil` when it does not answer.
    func role(of server: RedisServerProcess) async -> String? {
        try? await withDirectClient(of: server) { try await $0.send("ROLE").array?.first?.string }
    }

    /// The port `sentinel` names for the primary, or `nil` when it does not answer.
    func namedPrimaryPort(by sentinel: RedisSentinelProcess) async -> Int? {
        let reply = try? await ask(sentinel, "SENTINEL", "get-master-addr-by-name", RESPArgument(Self.name))
        return (reply?.array?.last?.int).map(Int.init)
    }

    /// Waits until every sentinel names `server` as the primary (at most 20 s).
    func waitUntilEverySentinelNames(_ server: RedisServerProcess) async throws {
        try await pollUntil(seconds: 20) {
            for sentinel in sentinels {
                guard await namedPrimaryPort(by: sentinel) == server.port else { return false }
            }
            return true
        }
    }

    /// Waits until the sentinels can fail the primary over by themselves: each knows the other two and the
    /// replica (`SENTINEL CKQUORUM`, at most 20 s; sentinels find each other through hello messages every 2 s).
    func waitForQuorum() async throws {
        try await pollUntil(seconds: 20) {
            for sentinel in sentinels {
                let answer = try? await ask(sentinel, "SENTINEL", "CKQUORUM", RESPArgument(Self.name))
                guard answer?.string?.hasPrefix("OK 3 usable") == true else { return false }
            }
            return true
        }
    }

    /// Sends `SENTINEL FAILOVER` to `sentinel`, again while it answers that no replica is ready yet (at most 20 s).
    func forceFailover(via sentinel: RedisSentinelProcess) async throws {
        try await pollUntil(seconds: 20) {
            do {
                try await ask(sentinel, "SENTINEL", "FAILOVER", RESPArgument(Self.name))
                return true
            } catch let error as RedisServerError where error.code == "NOGOODSLAVE" {
                return false
            }
        }
    }

    /// Waits until writes on the primary reach the replica (at most 20 s): a marker written on the primary shows up
    /// on the replica. A link reported up is not enough: after its first full sync a replica gets the stream of
    /// writes only once it has acknowledged the sync, up to a second later, and a failover before that loses every
    /// write so far.
    private static func waitForReplication(
        from primary: RedisServerProcess,
        to replica: RedisServerProcess,
        password: String?
    ) async throws {
        try await withDirectClient(of: primary, password: password) { try await $0.send("SET", "sentinel:marker", "1") }
        try await pollUntil(seconds: 20) {
            let marker = try? await withDirectClient(of: replica, password: password) {
                try await $0.send("GET", "sentinel:marker")
            }
            return marker?.string == "1"
        }
    }

    /// Waits until every sentinel lists the replica as a healthy one (flags exactly `slave`, at most 20 s), so that
    /// it can be promoted.
    private func waitUntilEverySentinelSeesTheReplica() async throws {
        try await pollUntil(seconds: 20) {
            for sentinel in sentinels {
                let replicas = try? await ask(sentinel, "SENTINEL", "REPLICAS", RESPArgument(Self.name))
                let healthy = (replicas?.array ?? []).contains { entry in
                    let fields = entry.array?.compactMap(\.string) ?? []
                    let pairs = stride(from: 0, to: fields.count - 1, by: 2).map { (fields[$0], fields[$0 + 1]) }
                    return pairs.contains { $0 == ("port", "\(replica.port)") }
                        && pairs.contains { $0 == ("flags", "slave") }
                }
                guard healthy else { return false }
            }
            return true
        }
    }
}

/// Polls `condition` every 20 ms until it holds, or throws ``TimedOut`` after `seconds`.
func pollUntil(seconds: Int64, _ condition: @escaping @Sendable () async throws -> Bool) async throws {
    try await withTimeout(seconds: seconds) {
        while try await !condition() { try await pause(for: .milliseconds(20)) }
    }
}

extension RedisServerProcess {
    /// The server's address, as the sentinels name it.
    var address: RedisNodeAddress { RedisNodeAddress(host: host, port: port) }
}
