// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

@testable import traffik_bench

@Suite struct DenyCacheReportTests {
    @Test func commandStatsReadTheCallsOfEachCommand() {
        let info =
            "# Commandstats\r\ncmdstat_evalsha:calls=2000,usec=12000,usec_per_call=6.00,rejected_calls=0,failed_calls=0"
            + "\r\ncmdstat_script|load:calls=5,usec=80,usec_per_call=16.00\r\ncmdstat_info:usec=3,calls=2\r\n"
            + "cmdstat_broken:calls=many\r\n"
        let stats = CommandStats(info: info)
        #expect(stats["evalsha"] == 2_000)
        #expect(stats["EVALSHA"] == 2_000)
        #expect(stats["script|load"] == 5)
        #expect(stats["info"] == 2)
        #expect(stats["broken"] == 0)
        #expect(stats["get"] == 0)
    }

    @Test func aRunCountsTheRoundTripsBetweenItsTwoReadings() {
        let samples = (0..<10).map {
            Sample(index: $0, sentAt: 0, receivedAt: Int64($0 + 1) * 1_000, outcome: $0 < 2 ? .success : .throttled)
        }
        let run = DenyCacheRun(
            denyCache: "off",
            samples: samples,
            elapsed: 500_000,
            before: CommandStats(info: "cmdstat_evalsha:calls=7"),
            after: CommandStats(info: "cmdstat_evalsha:calls=17")
        )
        #expect(run.roundTrips == 10)
        #expect((run.requests, run.ok, run.throttled, run.errors) == (10, 2, 8, 0))
        #expect(run.requestsPerSecond == 20)
        #expect(run.p50Ms == 5)
        #expect(run.p99Ms == 10)
        let first = DenyCacheRun(
            denyCache: "off",
            samples: samples,
            elapsed: 1,
            before: CommandStats(info: ""),
            after: CommandStats(info: "cmdstat_evalsha:calls=3")
        )
        #expect(first.roundTrips == 3)
    }

    @Test func theReportSubtractsTheCachedRunsRoundTrips() throws {
        let samples = [Sample(index: 0, sentAt: 0, receivedAt: 1_000, outcome: .throttled)]
        func run(_ cache: String, _ trips: Int) -> DenyCacheRun {
            DenyCacheRun(
                denyCache: cache,
                samples: samples,
                elapsed: 1_000,
                before: CommandStats(info: ""),
                after: CommandStats(info: "cmdstat_evalsha:calls=\(trips)")
            )
        }
        let report = DenyCacheReport(
            framework: "hummingbird",
            rate: "10/60000ms",
            concurrency: 20,
            timestamp: "2026-01-01T00:00:00Z",
            without: run("off", 2_000),
            with: run("100000", 30)
        )
        #expect(report.saved == 1_970)
        #expect(report.savedPercent == 98.5)
        let lines = DenyCacheTable.render(report).split(separator: "\n")
        #expect(lines.count == 5)
        #expect(lines[2].hasPrefix("off"))
        #expect(lines[3].hasPrefix("100000"))
        #expect(lines[4].hasPrefix("round trips saved: 1970 (98.5 %)"))
        let decoded = try JSONDecoder().decode(DenyCacheReport.self, from: Data(try report.json().utf8))
        #expect(decoded == report)
        let empty = DenyCacheReport(
            framework: "vapor",
            rate: "1/1000ms",
            concurrency: 1,
            timestamp: "",
            without: run("off", 0),
            with: run("5", 0)
        )
        #expect(empty.savedPercent == 0)
    }
}
