// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
import Traffik

@testable import traffik_demo

@Suite("Simulation")
struct SimulationTests {
    let tenSeconds: Int64 = 10_000_000
    let oneSecond: Int64 = 1_000_000

    @Test("fixed window 10/s under a steady 20/s admits exactly 10 in every 1-second interval")
    func fixedWindowSteady() async throws {
        let workload = Workload(pattern: .steady, duration: tenSeconds, peakPerSecond: 20)
        let simulation = try Simulation(
            rate: .perSecond(10),
            strategy: .fixedWindow,
            workload: workload,
            interval: oneSecond
        )
        let timeline = try await simulation.run()
        #expect(timeline.intervals.count == 10)
        #expect(timeline.intervals.map(\.sent) == Array(repeating: 20, count: 10))
        #expect(timeline.admittedCounts == Array(repeating: 10, count: 10))
        #expect(timeline.intervals.map(\.throttled) == Array(repeating: 10, count: 10))
        #expect(timeline.admitted == 100)
        #expect(timeline.throttled == 100)
    }

    @Test("the simulation starts on a window boundary, whatever the period")
    func alignedStart() throws {
        let workload = Workload(pattern: .steady, duration: tenSeconds, peakPerSecond: 1)
        for rate in try [Rate.perSecond(1), .perMinute(1), .perHour(1), .perDay(1), Rate(parsing: "1/7s")] {
            let simulation = Simulation(rate: rate, strategy: .fixedWindow, workload: workload, interval: oneSecond)
            #expect(simulation.start % rate.periodMicroseconds == 0)
            #expect(simulation.start > 1_700_000_000_000_000)
        }
    }

    @Test("a token bucket admits its burst and then the rate")
    func tokenBucketBurst() async throws {
        // Quiet for 3 s lets the bucket fill; at 20/s the first busy second passes the 10 stored tokens plus the
        // 9.5 refilled meanwhile (19), the next only the refill rate (10).
        let workload = Workload(pattern: .burst, duration: tenSeconds, peakPerSecond: 20, cycle: 5_000_000)
        let bucket = try await Simulation(
            rate: .perSecond(10),
            strategy: .tokenBucket(),
            workload: workload,
            interval: oneSecond
        ).run()
        #expect(bucket.admittedCounts == [0, 0, 0, 19, 10, 0, 0, 0, 19, 10])

        // The fixed window has no stored burst: 10 in each second.
        let window = try await Simulation(
            rate: .perSecond(10),
            strategy: .fixedWindow,
            workload: workload,
            interval: oneSecond
        ).run()
        #expect(window.admittedCounts == [0, 0, 0, 10, 10, 0, 0, 0, 10, 10])
    }

    @Test("a dense burst passes exactly the bucket at once, then one request per refill")
    func tokenBucketInstantBurst() async throws {
        // 1000 requests/s from 3 s to 5 s against 10/s with a bucket of 30: the first 30 requests pass (in 30 ms),
        // then one request every 100 ms, from 3.1 s on.
        let workload = Workload(pattern: .burst, duration: 5_000_000, peakPerSecond: 1_000, cycle: 5_000_000)
        let timeline = try await Simulation(
            rate: .perSecond(10),
            strategy: .tokenBucket(burst: 30),
            workload: workload,
            interval: 500_000
        ).run()
        #expect(timeline.admittedCounts == [0, 0, 0, 0, 0, 0, 30 + 4, 5, 5, 5])
        #expect(timeline.admitted == 30 + 19)
    }

    @Test("the leaky bucket with a queue reports how long admitted requests wait")
    func queueDelay() async throws {
        let workload = Workload(pattern: .steady, duration: 2_000_000, peakPerSecond: 20)
        let timeline = try await Simulation(
            rate: .perSecond(10),
            strategy: .leakyBucketWithQueue,
            workload: workload,
            interval: oneSecond
        ).run()
        #expect(timeline.longestDelay == 900_000)
        let plain = try await Simulation(
            rate: .perSecond(10),
            strategy: .leakyBucket,
            workload: workload,
            interval: oneSecond
        ).run()
        #expect(plain.longestDelay == 0)
        #expect(plain.admittedCounts == timeline.admittedCounts)
    }

    @Test("a duration that is not a whole number of intervals ends with a short interval")
    func partialInterval() async throws {
        let workload = Workload(pattern: .steady, duration: 2_500_000, peakPerSecond: 4)
        let timeline = try await Simulation(
            rate: .perSecond(100),
            strategy: .fixedWindow,
            workload: workload,
            interval: oneSecond
        ).run()
        #expect(timeline.intervals.map(\.start) == [0, 1_000_000, 2_000_000])
        #expect(timeline.intervals.map(\.sent) == [4, 4, 2])
    }
}
