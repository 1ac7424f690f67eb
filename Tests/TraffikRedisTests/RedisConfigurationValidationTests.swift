// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import Testing
import TraffikRedis

/// Settings that cannot work, from a URL, a file or a server: a thrown error naming the setting, never a trap.
@Suite struct RedisConfigurationValidationTests {
    @Test func aURLWithSettingsThatCannotWorkThrowsItsOwnError() {
        // Before, these URLs were accepted and the client built from them stopped the program in a precondition.
        let cases: [(String, () throws -> RedisConfiguration)] = [
            ("maximumConnections", { try RedisConfiguration(url: "redis://h", maximumConnections: 0) }),
            ("maximumConnections", { try RedisConfiguration(url: "redis://h", maximumConnections: -3) }),
            ("connectTimeout", { try RedisConfiguration(url: "redis://h", connectTimeout: .zero) }),
            ("commandTimeout", { try RedisConfiguration(url: "redis://h", commandTimeout: .seconds(-1)) }),
            (
                "reconnectBackoff",
                {
                    // ReconnectBackoff's initializer refuses this; its properties can still be set so.
                    var backoff = RedisConfiguration.ReconnectBackoff()
                    backoff.maximum = .milliseconds(1)
                    return try RedisConfiguration(url: "redis://:secret@h", reconnectBackoff: backoff)
                }
            ),
            ("commandTimeout", { try RedisConfiguration(url: "redis://h", commandTimeout: .seconds(Int64.max)) }),
        ]
        for (setting, make) in cases {
            let error = #expect(throws: RedisURLError.self) { _ = try make() }
            #expect(error?.kind == .invalidSetting)
            #expect(error?.reason.contains(setting) == true, "\(error?.reason ?? "")")
            #expect(error?.description.contains("secret") == false)
        }
    }

    @Test func validateNamesTheFirstSettingThatCannotWork() {
        var configuration = RedisConfiguration(host: "cache.internal", port: 0)
        let error = #expect(throws: RedisClientError.self) { try configuration.validate() }
        #expect(error?.kind == .invalidConfiguration)
        #expect(error?.message.contains("port") == true)
        configuration.port = 6379
        #expect(throws: Never.self) { try configuration.validate() }
        configuration.username = "alice"
        #expect(throws: RedisClientError.self) { try configuration.validate() }
    }

    @Test(arguments: [0, -1, 65_536, Int.max])
    func aClientWithAnImpossiblePortFailsEachCommandInsteadOfTrapping(port: Int) async {
        // Before, creating this client stopped the program: `precondition` in RedisConfiguration.validate().
        let client = RedisClient(configuration: RedisConfiguration(host: "127.0.0.1", port: port))
        let error = await #expect(throws: RedisClientError.self) { try await client.send("PING") }
        #expect(error?.kind == .invalidConfiguration)
        #expect(error?.message.contains("\(port)") == true)
        await client.close()
    }

    @Test func aClientWithNoConnectionsFailsEachCommandInsteadOfTrapping() async {
        var configuration = RedisConfiguration(host: "127.0.0.1")
        configuration.maximumConnections = -1  // `Array(repeating:count: -1)` trapped in the pool before
        let client = RedisClient(configuration: configuration)
        let error = await #expect(throws: RedisClientError.self) { try await client.pipeline([["PING"]]) }
        #expect(error?.kind == .invalidConfiguration)
        await client.close()
    }

    @Test func aClusterClientWithImpossibleSettingsFailsEachCommandInsteadOfTrapping() async {
        let configurations = [
            RedisClusterConfiguration(seeds: []),
            RedisClusterConfiguration(seeds: [RedisNodeAddress(host: "127.0.0.1", port: 0)]),
            RedisClusterConfiguration(seeds: [RedisNodeAddress(host: "127.0.0.1", port: 7000)], maximumRedirects: -1),
            RedisClusterConfiguration(
                seeds: [RedisNodeAddress(host: "127.0.0.1", port: 7000)],
                node: RedisConfiguration(database: 2)
            ),
        ]
        for configuration in configurations {
            #expect(throws: RedisClientError.self) { try configuration.validate() }
            let cluster = RedisClusterClient(configuration: configuration)
            let error = await #expect(throws: RedisClientError.self) { try await cluster.send("PING") }
            #expect(error?.kind == .invalidConfiguration)
            await #expect(throws: RedisClientError.self) { try await cluster.refreshSlotMap() }
            await #expect(throws: RedisClientError.self) { try await cluster.primaries() }
            await cluster.close()
        }
    }

    @Test func clusterURLsWithSettingsThatCannotWorkThrowTheURLError() {
        let error = #expect(throws: RedisURLError.self) {
            _ = try RedisClusterConfiguration(urls: ["redis://10.0.0.7:7000"], maximumConnections: 0)
        }
        #expect(error?.kind == .invalidSetting)
    }
}
