// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import TestServerSupport
import Testing
import Traffik
import TraffikMemcached

@Suite struct MemcachedClientTests {
    @Test func setGetAddReplaceAndCompareAndSwap() async throws {
        try await withMemcached { _, client in
            let key = MemcachedKey("greeting")
            #expect(try await client.get(key) == nil)
            #expect(try await client.set(key, to: [0, 13, 10, 255], ttl: .seconds(60)) == .stored)
            let item = try #require(try await client.get(key))
            #expect(item.value == [0, 13, 10, 255], "values are binary, CR and LF included")
            #expect(item.ttl > 0 && item.ttl <= 61)
            #expect(try await client.set(key, to: [1], ttl: nil, mode: .add) == .notStored)
            #expect(try await client.set(MemcachedKey("absent"), to: [1], ttl: nil, mode: .replace) == .notStored)
            #expect(try await client.set(key, to: [2], ttl: nil, ifUnchangedSince: item.cas) == .stored)
            #expect(try await client.set(key, to: [3], ttl: nil, ifUnchangedSince: item.cas) == .exists)
            #expect(try await client.get(key)?.value == [2])
            #expect(try await client.delete(key, ifUnchangedSince: item.cas) == .exists)
            #expect(try await client.delete(key) == .stored)
            #expect(try await client.delete(key) == .notFound)
        }
    }

    @Test func incrementsCreateWithATimeToLiveAndKeepIt() async throws {
        try await withMemcached { _, client in
            let key = MemcachedKey("hits")
            let missing = try await client.increment(key, by: 5)
            #expect(missing == nil, "no initial value: a missing key stays missing")
            let created = try await client.increment(key, by: 5, initial: 5, ttl: .seconds(30))
            #expect(created == 5)
            let added = try await client.increment(key, by: 2, initial: 5, ttl: .seconds(1))
            #expect(added == 7)
            let ttl = try await client.get(key)?.ttl ?? 0
            #expect(ttl > 20, "an increment keeps the key's expiry")
            let floored = try await client.increment(key, by: 10, decrement: true)
            #expect(floored == 0, "Memcached stops at zero")
            let touched = try await client.touch(key, ttl: .seconds(100))
            #expect(touched)
            let newTTL = try await client.get(key)?.ttl ?? 0
            #expect(newTTL > 90)
            let touchedAbsent = try await client.touch(MemcachedKey("absent"), ttl: .seconds(1))
            #expect(!touchedAbsent)
        }
    }

    @Test func anyIdentityIsAKey() async throws {
        try await withMemcached { _, client in
            let identities = [
                "plain", "with spaces", "tab\tand\nnewline", "ünïcödé", String(repeating: "long", count: 100),
                String(repeating: "long with spaces ", count: 30), "\u{0}",
            ]
            for (index, identity) in identities.enumerated() {
                try await client.set(MemcachedKey(identity), to: [UInt8(index)], ttl: .seconds(60))
            }
            for (index, identity) in identities.enumerated() {
                #expect(try await client.get(MemcachedKey(identity))?.value == [UInt8(index)], "\(identity)")
            }
        }
    }

    @Test func serverErrorsAreTypedAndTheConnectionGoesOn() async throws {
        try await withMemcached { _, client in
            let key = MemcachedKey("text")
            try await client.set(key, to: Array("not a number".utf8), ttl: nil)
            await #expect(throws: MemcachedServerError.self) { try await client.increment(key) }
            #expect(try await client.get(key)?.value == Array("not a number".utf8))
            await #expect(throws: MemcachedClientError.self) {
                try await client.send(MemcachedCommand(.get, key: key, flags: ["q"]))
            }
        }
    }

    /// Many tasks share a few connections; every reply reaches its own command.
    @Test func pipelinedCommandsGetTheirOwnReplies() async throws {
        try await withMemcached(configure: { $0.maximumConnections = 2 }) { _, client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<500 {
                    group.addTask {
                        let key = MemcachedKey("p\(index)")
                        try await client.set(key, to: Array("\(index)".utf8), ttl: .seconds(60))
                        let value = try await client.get(key)?.value
                        #expect(value == Array("\(index)".utf8))
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    /// A closed client refuses commands at once.
    @Test func aClosedClientRefusesCommands() async throws {
        try await withMemcached { _, client in
            _ = try await client.get("warm")
            await client.close()
            let error = await #expect(throws: MemcachedClientError.self) { try await client.get("after") }
            #expect(error?.kind == .clientClosed)
        }
    }

    /// A node whose connections hang trips its breaker: after one connect timeout, its commands fail at once.
    @Test func anUnreachableNodeIsMarkedDownAndFailsFast() async throws {
        try await onDedicatedThreads {
            let listener = try UnacceptingListener()
            let client = makeClient(
                MemcachedConfiguration(
                    servers: [MemcachedServer(host: "127.0.0.1", port: listener.port)],
                    connectTimeout: .milliseconds(200),
                    commandTimeout: .milliseconds(200),
                    nodeBreaker: CircuitBreakerConfiguration(failureThreshold: 1, recoveryTime: .seconds(10)),
                    retries: .none
                )
            )
            let clock = ContinuousClock()
            let first = await #expect(throws: MemcachedClientError.self) { try await client.get("k") }
            #expect(first?.kind == .connectTimeout)
            let started = clock.now
            let second = await #expect(throws: MemcachedClientError.self) { try await client.get("k") }
            #expect(second?.kind == .nodeDown)
            #expect(clock.now - started < .milliseconds(100), "a node skipped by its breaker costs no timeout")
            await client.close()
            listener.shutDown()
        }
    }
}
