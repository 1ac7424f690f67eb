// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import Testing
import Traffik

@testable import TraffikRedis

/// Settings that cannot work fail at once, naming the setting; `host:port` strings read as Sentinel's tools write them.
@Suite struct RedisSentinelConfigurationTests {
    private let sentinel = RedisNodeAddress(host: "10.0.0.7", port: 26_379)

    /// The message of the error `validate()` throws, or `nil` when it passes.
    private func problem(_ configure: (inout RedisSentinelConfiguration) -> Void) -> String? {
        var configuration = RedisSentinelConfiguration(sentinels: [sentinel], primaryName: "limits")
        configure(&configuration)
        do {
            try configuration.validate()
            return nil
        } catch {
            #expect(error.kind == .invalidConfiguration)
            return error.message
        }
    }

    @Test func theDefaultsWork() {
        #expect(problem { _ in } == nil)
    }

    @Test func settingsThatCannotWorkAreNamed() {
        #expect(problem { $0.sentinels = [] }?.contains("at least one sentinel") == true)
        #expect(problem { $0.primaryName = "" }?.contains("primaryName must not be empty") == true)
        #expect(problem { $0.primaryName = "my primary" }?.contains("spaces") == true)
        #expect(problem { $0.primaryName = "limits\r\n" }?.contains("control characters") == true)
        #expect(problem { $0.sentinels = [RedisNodeAddress(host: "10.0.0.7", port: 0)] }?.contains("port") == true)
        #expect(
            problem { $0.sentinels.append(RedisNodeAddress(host: "10.0.0.8", port: 70_000)) }?.contains("70000") == true
        )
        #expect(problem { $0.sentinels = [RedisNodeAddress(host: "", port: 26_379)] }?.contains("host") == true)
        #expect(problem { $0.sentinelConnectTimeout = .zero }?.contains("connectTimeout") == true)
        #expect(problem { $0.sentinelCommandTimeout = .seconds(-1) }?.contains("commandTimeout") == true)
        #expect(problem { $0.sentinelUsername = "watcher" }?.contains("username needs a password") == true)
        #expect(problem { $0.subscriptionHeartbeat = .zero }?.contains("subscriptionHeartbeat") == true)
        #expect(
            problem { $0.minimumRediscoveryInterval = .seconds(-1) }?.contains("minimumRediscoveryInterval") == true
        )
        #expect(problem { $0.primary.maximumConnections = 0 }?.contains("primary: maximumConnections") == true)
        #expect(problem { $0.primary.commandTimeout = .zero }?.contains("primary: commandTimeout") == true)
    }

    @Test func thePrimarysHostAndPortAreIgnored() {
        #expect(problem { $0.primary.port = 0 } == nil, "the sentinels name the primary's address")
        #expect(problem { $0.primary.host = "" } == nil)
    }

    @Test func aClientWithSettingsThatCannotWorkFailsEveryCommandFast() async throws {
        let client = RedisSentinelClient(
            configuration: RedisSentinelConfiguration(sentinels: [RedisNodeAddress](), primaryName: "limits")
        )
        let clock = ContinuousClock()
        let started = clock.now
        await #expect {
            try await client.send("PING")
        } throws: { error in
            (error as? RedisClientError)?.kind == .invalidConfiguration
        }
        await #expect(throws: RedisClientError.self) { try await client.discoverPrimary() }
        #expect(clock.now - started < .seconds(1))
        await client.close()
    }

    @Test func aBackendWithSettingsThatCannotWorkFailsAtConstruction() {
        for (sentinels, name) in [
            ([], "limits"), (["10.0.0.7:0"], "limits"), (["10.0.0.7:70000"], "limits"),
            (["10.0.0.7:26379"], ""), (["10.0.0.7:port"], "limits"), (["10.0.0.7:"], "limits"),
        ] as [([String], String)] {
            #expect(throws: RedisClientError.self, "\(sentinels) \(name)") {
                _ = try RedisBackend(sentinels: sentinels, primaryName: name)
            }
        }
    }

    @Test func sentinelsAreReadFromHostAndPort() throws {
        let configuration = try RedisSentinelConfiguration(
            sentinels: ["10.0.0.7:26380", "sentinel-b", "[fd00::7]:26381", "[fd00::8]", "fd00::9"],
            primaryName: "limits"
        )
        #expect(
            configuration.sentinels == [
                RedisNodeAddress(host: "10.0.0.7", port: 26_380), RedisNodeAddress(host: "sentinel-b", port: 26_379),
                RedisNodeAddress(host: "fd00::7", port: 26_381), RedisNodeAddress(host: "fd00::8", port: 26_379),
                RedisNodeAddress(host: "fd00::9", port: 26_379),
            ]
        )
        #expect(configuration.sentinels[2].description == "[fd00::7]:26381")
    }

    @Test(arguments: [
        "", ":26379", "10.0.0.7:", "10.0.0.7:x", "10.0.0.7:-1", "[fd00::7", "[fd00::7]x", "[]:26379",
        "10.0.0.7 :26379", "10.0.0.7:99999999999999999999999", "host\n:1",
    ])
    func aStringThatIsNotHostAndPortIsRefused(text: String) {
        #expect(throws: RedisClientError.self) {
            _ = try RedisSentinelConfiguration(sentinels: [text], primaryName: "limits")
        }
    }
}
