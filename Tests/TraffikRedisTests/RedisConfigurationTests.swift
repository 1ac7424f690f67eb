// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import Testing
import TraffikRedis

@Suite struct RedisConfigurationTests {
    @Test func readsAFullURL() throws {
        let configuration = try RedisConfiguration(url: "redis://alice:s3cret@cache.internal:6380/3")
        #expect(configuration.host == "cache.internal")
        #expect(configuration.port == 6380)
        #expect(configuration.username == "alice")
        #expect(configuration.password == "s3cret")
        #expect(configuration.database == 3)
        #expect(configuration.maximumConnections == 4)
    }

    @Test func defaultsPortDatabaseAndCredentials() throws {
        for url in ["redis://localhost", "redis://localhost/", "REDIS://localhost:6379/0"] {
            let configuration = try RedisConfiguration(url: url)
            #expect(configuration.host == "localhost")
            #expect(configuration.port == 6379)
            #expect(configuration.database == 0)
            #expect(configuration.username == nil)
            #expect(configuration.password == nil)
        }
    }

    @Test func readsAPasswordAloneAndPercentEncoding() throws {
        let passwordOnly = try RedisConfiguration(url: "redis://:pa%40ss%3Aword@10.0.0.1/1")
        #expect(passwordOnly.username == nil)
        #expect(passwordOnly.password == "pa@ss:word")
        #expect(passwordOnly.host == "10.0.0.1")
        #expect(passwordOnly.database == 1)

        let rawSpecials = try RedisConfiguration(url: "redis://bob:p@ss:w/rd@host:1")
        #expect(rawSpecials.username == "bob")
        #expect(rawSpecials.password == "p@ss:w/rd")
        #expect(rawSpecials.host == "host")
        #expect(rawSpecials.port == 1)
    }

    @Test func redissTurnsOnTLS() throws {
        let secure = try RedisConfiguration(url: "rediss://:secret@cache.internal:6380/1")
        #expect(secure.tls != nil)
        #expect(secure.tls?.serverHostname == nil)
        #expect(secure.port == 6380)
        #expect(secure.description.hasPrefix("rediss://:***@cache.internal:6380/1"))
        #expect(try RedisConfiguration(url: "redis://cache.internal").tls == nil)
    }

    @Test func readsBracketedIPv6Hosts() throws {
        let configuration = try RedisConfiguration(url: "redis://[::1]:6390/2")
        #expect(configuration.host == "::1")
        #expect(configuration.port == 6390)
        #expect(configuration.database == 2)
        #expect(try RedisConfiguration(url: "redis://[fe80::1]").port == 6379)
    }

    @Test(arguments: [
        ("http://localhost", RedisURLError.Kind.unsupportedScheme),
        ("localhost:6379", .unsupportedScheme),
        ("redis://", .invalidHost),
        ("redis://:6379", .invalidHost),
        ("redis://[::1", .invalidHost),
        ("redis://[::1]x", .invalidHost),
        ("redis://host:0", .invalidPort),
        ("redis://host:65536", .invalidPort),
        ("redis://host:port", .invalidPort),
        ("redis://host:", .invalidPort),
        ("redis://host/db", .invalidDatabase),
        ("redis://host/-1", .invalidDatabase),
        ("redis://host/1/2", .invalidDatabase),
        ("redis://user@host", .invalidCredentials),
        ("redis://:bad%zz@host", .invalidCredentials),
        ("redis://host?timeout=1", .unsupportedComponent),
    ])
    func refusesBadURLs(url: String, kind: RedisURLError.Kind) {
        #expect {
            try RedisConfiguration(url: url)
        } throws: { error in
            (error as? RedisURLError)?.kind == kind
        }
    }

    @Test func errorsAndDescriptionsNeverShowThePassword() throws {
        do {
            _ = try RedisConfiguration(url: "redis://alice:topsecret@host/notanumber")
            Issue.record("expected an error")
        } catch let error as RedisURLError {
            #expect(error.url == "redis://alice:***@host/notanumber")
            #expect(!error.description.contains("topsecret"))
            #expect(error.description.contains("database"))
        }
        let configuration = try RedisConfiguration(url: "redis://alice:topsecret@host:7000/2")
        #expect(!configuration.description.contains("topsecret"))
        #expect(configuration.description.hasPrefix("redis://alice:***@host:7000/2"))
    }

    @Test func backoffDoublesUpToItsMaximum() {
        let backoff = RedisConfiguration.ReconnectBackoff(minimum: .milliseconds(100), maximum: .seconds(1))
        #expect(backoff.delay(afterFailures: 0) == .zero)
        #expect(backoff.delay(afterFailures: 1) == .milliseconds(100))
        #expect(backoff.delay(afterFailures: 2) == .milliseconds(200))
        #expect(backoff.delay(afterFailures: 4) == .milliseconds(800))
        #expect(backoff.delay(afterFailures: 5) == .seconds(1))
        #expect(backoff.delay(afterFailures: 10_000) == .seconds(1))
    }
}
