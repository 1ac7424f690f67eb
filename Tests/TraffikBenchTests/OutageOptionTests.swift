// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Testing

@testable import traffik_bench

@Suite struct OutageOptionTests {
    @Test func defaultsRunPlainRedisFor5Then20Then10Seconds() throws {
        let options = try OutageOptions.parse([])
        #expect(options.resilience.serverArguments.isEmpty)
        #expect((options.lead, options.pause, options.tail) == (5, 20, 10))
        #expect(options.pauseMilliseconds == 20_000)
        #expect((options.concurrency, options.clients) == (50, 1_000))
        #expect(
            options.serverArguments(redisURL: "redis://127.0.0.1:7000")
                == [
                    "--framework", "hummingbird", "--backend", "redis", "--redis-url", "redis://127.0.0.1:7000",
                    "--rate", "1000000/s", "--namespace", "outage",
                ]
        )
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
                    "--breaker", "on", "--deadline", "100", "--failover", "memory", "--deny-cache", "100000",
                    "--on-error", "allow",
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
        let common = ["--framework", "hummingbird", "--backend", "redis", "--redis-url", url, "--rate", "10/60000ms"]
        #expect(try options.serverArguments(redisURL: url, denyCache: .off) == common + ["--namespace", "deny-off"])
        #expect(
            try options.serverArguments(redisURL: url, denyCache: DenyCacheCapacity(capacity: 5))
                == common + ["--namespace", "deny-5", "--deny-cache", "5"]
        )
        #expect(throws: (any Error).self) { try DenyCacheOptions.parse(["--requests", "0"]) }
        #expect(throws: (any Error).self) { try DenyCacheOptions.parse(["--rate", "often"]) }
        #expect(try DenyCacheOptions.parse(["--rate", "5/min"]).rateArgument() == "5/60000ms")
    }
}
