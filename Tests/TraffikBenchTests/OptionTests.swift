// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Testing
import TraffikBenchContract

@testable import traffik_bench

@Suite struct OptionTests {
    @Test func badNumbersAreRefused() {
        #expect(throws: (any Error).self) { try LoadOptions.parse(["--iterations", "0"]) }
        #expect(throws: (any Error).self) { try LoadOptions.parse(["--concurrency", "0"]) }
        #expect(throws: (any Error).self) { try LoadOptions.parse(["--workers", "0"]) }
        #expect(throws: (any Error).self) { try LoadOptions.parse(["--strategy", "nope"]) }
        #expect(throws: (any Error).self) { try LoadOptions.parse(["--target", "ftp://x"]) }
    }

    @Test func scenariosAreChosenByNameInTheCommandsOrder() throws {
        let options = try LoadOptions.parse(["--scenarios", "over_limit,below_limit"])
        #expect(try options.selectedScenarios(for: .http).map(\.name) == ["below_limit", "over_limit"])
        #expect(try LoadOptions.parse([]).selectedScenarios(for: .websocket).count == 5)
        #expect(throws: (any Error).self) {
            try LoadOptions.parse(["--scenarios", "selective"]).selectedScenarios(for: .http)
        }
    }

    @Test func multiprocessDefaultsToFourWorkersAndNeedsASharedStore() throws {
        #expect(try LoadOptions.parse([]).workerCount(for: .multiprocess) == 4)
        #expect(try LoadOptions.parse([]).workerCount(for: .http) == 1)
        #expect(throws: (any Error).self) { try MultiprocessLoadCommand.parse(["--backend", "memory"]) }
    }

    /// `hits` and `throughput` take one `--backend` and the address of that store, nothing else.
    @Test func oneBackendOptionNamesTheStoreAndItsAddress() throws {
        for good in [
            ["--backend", "redis", "--url", "redis://127.0.0.1:6379"],
            [
                "--backend", "redis", "--cluster-url", "redis://127.0.0.1:7000", "--cluster-url",
                "redis://127.0.0.1:7001",
            ],
            ["--backend", "memcached", "--servers", "127.0.0.1:11211"], ["--backend", "memory"],
        ] {
            #expect(throws: Never.self, "\(good)") { try HitsCommand.parse(good) }
        }
        for bad in [
            ["--backend", "redis"], ["--backend", "redis", "--url", "redis://a", "--cluster-url", "redis://b"],
            ["--backend", "redis", "--url", "redis://a", "--servers", "a:1"], ["--backend", "memcached"],
            ["--backend", "memcached", "--servers", "a:1", "--url", "redis://a"],
            ["--backend", "memory", "--url", "x"],
            ["--backend", "disk"],
        ] {
            #expect(throws: (any Error).self, "\(bad)") { try HitsCommand.parse(bad) }
        }
        #expect(throws: (any Error).self) { try ThroughputCommand.parse(["--backend", "memory"]) }
        #expect(
            try ThroughputCommand.parse(["--backend", "memcached", "--servers", "a:1"]).store.backend == .memcached
        )
    }

    @Test func frameworksAndBackendsMapToServerSettings() async throws {
        let options = try LoadOptions.parse(["--framework", "vapor", "--backend", "memcached", "--strategy", "gcra"])
        let given = try await options.backend.prepare(redisURL: nil, memcached: "10.0.0.7:11211")
        #expect(given.memcachedServer == nil, "a given store is not started")
        let settings = ServerFleet.serverSettings(options: options, command: .middleware, backend: given)
        #expect(settings.framework == .vapor && settings.mode == .middleware && settings.strategy == "gcra")
        #expect(settings.backend == .memcached && settings.memcached == "10.0.0.7:11211" && settings.redisURL == nil)
        #expect(
            settings.arguments == [
                "--strategy", "gcra", "--backend", "memcached", "--memcached", "10.0.0.7:11211", "--framework", "vapor",
                "--mode", "middleware",
            ]
        )
    }

    @Test func runsStartWhereTheExpectationIsExact() {
        let second: Int64 = 1_000_000
        #expect(WallClock.waitBeforeRun(periodMicroseconds: second, aligned: true, now: 10 * second) == 50_000)
        #expect(WallClock.waitBeforeRun(periodMicroseconds: second, aligned: true, now: 10 * second + 30_000) == 20_000)
        #expect(
            WallClock.waitBeforeRun(periodMicroseconds: second, aligned: true, now: 10 * second + 400_000) == 650_000
        )
        let minute = 60 * second
        #expect(
            WallClock.waitBeforeRun(periodMicroseconds: minute, aligned: false, now: 10 * minute + 20 * second) == 0
        )
        #expect(
            WallClock.waitBeforeRun(periodMicroseconds: minute, aligned: false, now: 11 * minute - 2 * second)
                == 2 * second + 50_000
        )
    }
}
