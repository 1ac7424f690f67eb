// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import Testing
import TraffikMemcached

@Suite struct MemcachedConfigurationTests {
    @Test func addressesReadHostAndPort() throws {
        #expect(try MemcachedServer(parsing: "cache.internal") == MemcachedServer(host: "cache.internal", port: 11211))
        #expect(try MemcachedServer(parsing: "10.0.0.1:11212") == MemcachedServer(host: "10.0.0.1", port: 11212))
        #expect(try MemcachedServer(parsing: "[::1]:11213") == MemcachedServer(host: "::1", port: 11213))
        #expect(try MemcachedServer(parsing: "::1") == MemcachedServer(host: "::1", port: 11211))
        #expect(MemcachedServer(host: "::1", port: 11213).description == "[::1]:11213")
        for bad in ["", ":11211", "host:0", "host:70000", "host:port", "[::1]x"] {
            #expect(throws: MemcachedClientError.self, "\(bad)") { try MemcachedServer(parsing: bad) }
        }
    }

    @Test func aListOfNodes() throws {
        let configuration = try MemcachedConfiguration(servers: "a:1,b:2", maximumConnections: 3)
        #expect(configuration.servers == [MemcachedServer(host: "a", port: 1), MemcachedServer(host: "b", port: 2)])
        #expect(configuration.maximumConnections == 3)
    }

    @Test(arguments: ["", ",", "a:1,a:1"])
    func aListThatCannotWorkThrows(list: String) {
        // Before, an empty list or a node listed twice was accepted, and the client built from it trapped in a
        // precondition (or, with no node, indexing its empty node list).
        let error = #expect(throws: MemcachedClientError.self) { _ = try MemcachedConfiguration(servers: list) }
        #expect(error?.kind == .invalidConfiguration)
    }

    /// `ReconnectBackoff` lives in the shared connection layer; importing the client is enough to name it.
    @Test func theBackoffIsNamedWithTheClientAlone() throws {
        var configuration = try MemcachedConfiguration(servers: "a:1")
        let backoff = ReconnectBackoff(minimum: .milliseconds(10), maximum: .milliseconds(80))
        configuration.reconnectBackoff = backoff
        #expect(configuration.reconnectBackoff.delay(afterFailures: 4) == .milliseconds(80))
    }

    @Test func aPoolOfNoConnectionsThrows() {
        let error = #expect(throws: MemcachedClientError.self) {
            _ = try MemcachedConfiguration(servers: "a:1", maximumConnections: 0)
        }
        #expect(error?.kind == .invalidConfiguration)
        #expect(error?.message.contains("maximumConnections") == true)
    }

    @Test func aClientWithImpossibleSettingsFailsEachCommandInsteadOfTrapping() async {
        let configurations = [
            MemcachedConfiguration(servers: []),
            MemcachedConfiguration(servers: [MemcachedServer(host: "127.0.0.1", port: 0)]),
            MemcachedConfiguration(servers: [MemcachedServer(host: "a"), MemcachedServer(host: "a")]),
            MemcachedConfiguration(maximumConnections: -1),
            MemcachedConfiguration(commandTimeout: .zero),
        ]
        for configuration in configurations {
            #expect(throws: MemcachedClientError.self) { try configuration.validate() }
            let client = MemcachedClient(configuration: configuration)
            _ = client.server(for: MemcachedKey("k"))
            let error = await #expect(throws: MemcachedClientError.self) { try await client.get("k") }
            #expect(error?.kind == .invalidConfiguration)
            await client.close()
        }
    }
}
