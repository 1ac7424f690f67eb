// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

@testable import traffik_bench

@Suite struct OutageReportTests {
    static let second: Int64 = 1_000_000
    static let timeline = OutageTimeline(start: 0, pauseStart: 2 * second, pauseEnd: 4 * second, end: 6 * second)

    /// A request every 10 ms from `from` to `to`, each taking `latency` µs and answered `status`.
    static func steady(from: Int64, to: Int64, latency: Int64, status: Int? = 200) -> [TimedSample] {
        stride(from: from, to: to, by: 10_000).map {
            TimedSample(sentAt: $0, receivedAt: $0 + latency, status: status)
        }
    }

    @Test func requestsInFlightWhenThePauseBeginsBelongToIt() {
        let timeline = Self.timeline
        #expect(timeline.phaseLengths == [2 * Self.second, 2 * Self.second, 2 * Self.second])
        #expect(timeline.phase(of: TimedSample(sentAt: 0, receivedAt: 1_999_999, status: 200)) == 0)
        #expect(timeline.phase(of: TimedSample(sentAt: 1_999_000, receivedAt: 2_000_000, status: 200)) == 1)
        #expect(timeline.phase(of: TimedSample(sentAt: 1_000_000, receivedAt: 4_500_000, status: 500)) == 1)
        #expect(timeline.phase(of: TimedSample(sentAt: 3_999_999, receivedAt: 5_000_000, status: 200)) == 1)
        #expect(timeline.phase(of: TimedSample(sentAt: 4_000_000, receivedAt: 4_000_100, status: 200)) == 2)
    }

    @Test func phasesCountEachEndingAndTheirLatencies() {
        let samples = [
            TimedSample(sentAt: 0, receivedAt: 1_000, status: 200),
            TimedSample(sentAt: 100, receivedAt: 3_100, status: 429),
            TimedSample(sentAt: 200, receivedAt: 500_200, status: 503),
            TimedSample(sentAt: 1_999_000, receivedAt: 2_100_000, status: nil),
            TimedSample(sentAt: 2_000_001, receivedAt: 2_000_101, status: 404),
        ]
        let report = OutageReport(
            meta: Self.meta,
            samples: samples,
            timeline: Self.timeline,
            observations: [BreakerObservation(at: 0, state: "none")]
        )
        let phases = report.phases
        #expect(phases.map(\.phase) == ["before", "during", "after"])
        let before = phases[0]
        #expect((before.requests, before.ok, before.throttled, before.serverErrors, before.errors) == (3, 1, 1, 1, 0))
        #expect(before.seconds == 2)
        #expect(before.answeredPerSecond == 1.5)
        #expect(before.p50Ms == 3)
        #expect(before.p99Ms == 500)
        #expect(before.maxMs == 500)
        let during = phases[1]
        #expect((during.requests, during.errors) == (2, 2))
        #expect(during.answeredPerSecond == 0.5)
        #expect(during.maxMs == 101)
        #expect(phases[2].requests == 0)
        #expect(phases[2].p99Ms == 0)
        // The bound comes from the requests answered before the pause: twice their p99.
        #expect(report.normalBoundMs == 1_000)
    }

    @Test func latencyIsNormalFromTheFirstWindowThatStaysNormalForASecond() {
        let bound = LatencyRecovery.bound(leadP99: 2_000)
        #expect(bound == 4_000)
        #expect(LatencyRecovery.bound(leadP99: 100) == 1_000)
        // Slow until 0.3 s after the pause, one fast window, slow again, then fast from 0.7 s on.
        let from = Self.timeline.pauseEnd
        let samples =
            Self.steady(from: from, to: from + 300_000, latency: 50_000)
            + Self.steady(from: from + 300_000, to: from + 400_000, latency: 1_000)
            + Self.steady(from: from + 400_000, to: from + 700_000, latency: 1_000, status: 500)
            + Self.steady(from: from + 700_000, to: Self.timeline.end, latency: 1_000)
        #expect(LatencyRecovery.offset(of: samples, from: from, to: Self.timeline.end, bound: bound) == 700_000)
        let slow = Self.steady(from: from, to: Self.timeline.end, latency: 50_000)
        #expect(LatencyRecovery.offset(of: slow, from: from, to: Self.timeline.end, bound: bound) == nil)
        #expect(!LatencyRecovery.isNormal([], bound: bound))
    }

    @Test func breakerRecoveryIsCountedFromThePausesEnd() {
        let observations = [
            BreakerObservation(at: 2_000_000, state: "closed"),
            BreakerObservation(at: 2_300_000, state: "open"),
            BreakerObservation(at: 3_000_000, state: "closed"),  // a flicker during the pause is not recovery
            BreakerObservation(at: 4_100_000, state: "half-open"),
            BreakerObservation(at: 4_750_000, state: "closed"),
        ]
        let samples = Self.steady(from: 0, to: 6 * Self.second, latency: 1_000)
        let report = OutageReport(
            meta: Self.meta,
            samples: samples,
            timeline: Self.timeline,
            observations: observations
        )
        #expect(report.hasBreaker)
        #expect(report.breakerOpenedAfterMs == 300)
        #expect(report.breakerClosedAfterMs == 750)
        #expect(report.normalBoundMs == 2)
        #expect(report.latencyNormalAfterMs == 0)
        #expect(report.phases.map(\.requests) == [200, 200, 200])

        let none = OutageReport(
            meta: Self.meta,
            samples: samples,
            timeline: Self.timeline,
            observations: [BreakerObservation(at: 0, state: "none")]
        )
        #expect(!none.hasBreaker)
        #expect(none.breakerOpenedAfterMs == nil)
        #expect(none.breakerClosedAfterMs == nil)
    }

    @Test func tableShowsEachPhaseAndTheRecovery() throws {
        let samples =
            Self.steady(from: 0, to: 2 * Self.second, latency: 1_000)
            + Self.steady(from: 2 * Self.second, to: 4 * Self.second, latency: 500_000, status: 500)
            + Self.steady(from: 4 * Self.second, to: 6 * Self.second, latency: 1_000)
        let report = OutageReport(
            meta: Self.meta,
            samples: samples,
            timeline: Self.timeline,
            observations: [BreakerObservation(at: 0, state: "none")]
        )
        let lines = OutageTable.render(report).split(separator: "\n")
        #expect(lines.count == 7)
        #expect(lines[1].hasPrefix("phase"))
        #expect(lines[2].hasPrefix("before"))
        let during = lines[3].split(separator: " ")
        #expect(during.first == "during")
        #expect(during.suffix(4) == ["0", "0", "200", "0"])
        #expect(lines[4].hasPrefix("after"))
        #expect(lines[5].hasPrefix("breaker: none"))
        #expect(lines[6].hasSuffix("0.00 s after the pause ended"))
        let decoded = try JSONDecoder().decode(OutageReport.self, from: Data(try report.json().utf8))
        #expect(decoded == report)
    }

    static let meta = OutageReport.Meta(
        framework: "hummingbird",
        resilience: "breaker on",
        serverArguments: ["--breaker", "on"],
        concurrency: 50,
        clients: 1_000,
        rate: "1000000/s",
        leadSeconds: 2,
        pauseSeconds: 2,
        tailSeconds: 2,
        timestamp: "2026-01-01T00:00:00Z"
    )
}
