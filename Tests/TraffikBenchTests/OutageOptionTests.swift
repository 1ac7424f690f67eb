// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Testing
import Traffik
import TraffikBenchContract

@testable import traffik_bench

@Suite struct OutageOptionTests {
    @Test func defaultsRunPlainRedisFor5Then20Then10Seconds() throws {
        let options = try OutageOptions.parse([])
        #expect(options.resilience.serverArguments.isEmpty)
        #expect((options.lead, options.pause, options.tail) == (5, 20, 10))
        #expect(options.pauseMilliseconds == 20_000)
        #expect((options.concurrency, options.clients) == (50, 1_000))
        var expected = BenchServerSettings()
        expected.backend = .redis
        expected.redisURL = "redis://127.0.0.1:7000"
        expected.rate = try Rate(parsing: "1000000/s")
        expected.namespace = "outage"
        #expect(try options.serverSettings(redisURL: "redis://127.0.0.1:7000") == expected)
        #expect(
            options.resilience.summary == "breaker off, deadline none, failover none, deny cache off, on-error raise"
        )
    }

    @Test func resilienceOptionsPassThroughToTheServer() throws {
        let options = try OutageOptions.parse([
            "--breaker", "on", "--deadline", "100", "--failover", "memory", "--deny-cache", "100000", "--on-error",
            "allow", "--pause", "1.5",
        ])
        #expect(
            options.resilience.serverArguments
                == [
                    "--on-error", "allow", "--breaker", "on", "--deadline", "100", "--failover", "memory",
                    "--deny-cache", "100000",
                ]
        )
        #expect(options.pauseMilliseconds == 1_500)
        #expect(
            options.resilience.summary
                == "breaker on, deadline 100 ms, failover memory, deny cache 100000, on-error allow"
        )
    }

    @Test func badValuesAreRefused() {
        for arguments in [
            ["--breaker", "maybe"], ["--deadline", "0"], ["--failover", "disk"], ["--deny-cache", "0"],
            ["--deny-cache", "lots"], ["--on-error", "ignore"], ["--pause", "0"], ["--lead", "-1"], ["--tail", "nan"],
            ["--concurrency", "0"], ["--clients", "0"], ["--rate", "fast"],
        ] {
            #expect(throws: (any Error).self, "\(arguments)") { try OutageOptions.parse(arguments) }
        }
    }

    @Test func denyCacheRunsDifferOnlyInTheCache() throws {
        let options = try DenyCacheOptions.parse([])
        #expect((options.requests, options.concurrency, options.capacity) == (2_000, 20, 100_000))
        #expect(try options.rateArgument() == "10/60000ms")
        let url = "redis://127.0.0.1:7000"
        var common = BenchServerSettings()
        common.backend = .redis
        common.redisURL = url
        common.rate = try .perMinute(10)
        var without = common
        without.namespace = "deny-off"
        #expect(try options.serverSettings(redisURL: url, denyCache: .off) == without)
        var with = common
        with.namespace = "deny-5"
        with.denyCache = BenchDenyCache(capacity: 5)
        #expect(try options.serverSettings(redisURL: url, denyCache: BenchDenyCache(capacity: 5)) == with)
        #expect(throws: (any Error).self) { try DenyCacheOptions.parse(["--requests", "0"]) }
        #expect(throws: (any Error).self) { try DenyCacheOptions.parse(["--rate", "often"]) }
        #expect(try DenyCacheOptions.parse(["--rate", "5/min"]).rateArgument() == "5/60000ms")
    }
}
