// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import Testing
import TraffikRedis

@Suite struct RedisClusterConfigurationTests {
    @Test func readsSeedURLs() throws {
        let configuration = try RedisClusterConfiguration(
            urls: ["redis://:secret@10.0.0.7:7000", "redis://:secret@10.0.0.8"],
            commandTimeout: .milliseconds(250)
        )
        #expect(
            configuration.seeds == [
                RedisNodeAddress(host: "10.0.0.7", port: 7000), RedisNodeAddress(host: "10.0.0.8", port: 6379),
            ]
        )
        #expect(configuration.node.password == "secret")
        #expect(configuration.node.commandTimeout == .milliseconds(250))
        #expect(configuration.maximumRedirects == 5)
    }

    @Test func refusesURLsNoClusterCanServe() {
        let database = #expect(throws: RedisURLError.self) {
            try RedisClusterConfiguration(urls: ["redis://10.0.0.7:7000/2"])
        }
        #expect(database?.kind == .invalidDatabase)
        let credentials = #expect(throws: RedisURLError.self) {
            try RedisClusterConfiguration(urls: ["redis://:a@10.0.0.7:7000", "redis://:b@10.0.0.8:7000"])
        }
        #expect(credentials?.kind == .invalidCredentials)
        let none = #expect(throws: RedisURLError.self) { try RedisClusterConfiguration(urls: []) }
        #expect(none?.kind == .invalidHost)
    }

    @Test func addressesPrintAsHostAndPort() {
        #expect(RedisNodeAddress(host: "10.0.0.7", port: 7000).description == "10.0.0.7:7000")
        #expect(RedisNodeAddress(host: "::1", port: 7000).description == "[::1]:7000")
    }
}
