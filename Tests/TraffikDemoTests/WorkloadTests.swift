// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import traffik_demo

@Suite("Workload")
struct WorkloadTests {
    /// Counts the times falling in each whole second of `seconds`.
    func perSecond(_ times: [Int64], seconds: Int) -> [Int] {
        (0..<seconds).map { second in
            times.filter { $0 / 1_000_000 == Int64(second) }.count
        }
    }

    @Test("steady traffic is evenly spaced at the peak load from the start")
    func steady() {
        let times = Workload(pattern: .steady, duration: 2_000_000, peakPerSecond: 20).requestTimes()
        #expect(times == (0..<40).map { Int64($0) * 50_000 })
    }

    @Test("steady traffic at a fractional load keeps its spacing")
    func steadyFractional() {
        let times = Workload(pattern: .steady, duration: 10_000_000, peakPerSecond: 0.5).requestTimes()
        #expect(times == [0, 2_000_000, 4_000_000, 6_000_000, 8_000_000])
    }

    @Test("burst traffic is quiet for three fifths of each cycle, then at the peak load")
    func burst() {
        let workload = Workload(pattern: .burst, duration: 10_000_000, peakPerSecond: 20, cycle: 5_000_000)
        let times = workload.requestTimes()
        #expect(workload.quietSpell == 3_000_000)
        #expect(perSecond(times, seconds: 10) == [0, 0, 0, 20, 20, 0, 0, 0, 20, 20])
        #expect(times.first == 3_000_000)
        #expect(Array(times.prefix(3)) == [3_000_000, 3_050_000, 3_100_000])
        #expect(times.contains(8_000_000))
        #expect(times.last == 9_950_000)
    }

    @Test("burst traffic without a cycle is one quiet spell and one burst over the whole duration")
    func burstDefaultCycle() {
        let times = Workload(pattern: .burst, duration: 5_000_000, peakPerSecond: 10).requestTimes()
        #expect(times == (0..<20).map { 3_000_000 + Int64($0) * 100_000 })
    }

    @Test("a cut-off cycle at the end is cut off in its busy part")
    func burstCutOff() {
        let times = Workload(pattern: .burst, duration: 7_000_000, peakPerSecond: 10, cycle: 5_000_000)
            .requestTimes()
        #expect(times.count == 20)
        #expect(times.allSatisfy { $0 < 7_000_000 })
    }

    @Test("ramp traffic rises in a straight line: 1, 3, 5, ... requests a second up to the peak")
    func ramp() {
        let times = Workload(pattern: .ramp, duration: 10_000_000, peakPerSecond: 20).requestTimes()
        #expect(perSecond(times, seconds: 10) == [1, 3, 5, 7, 9, 11, 13, 15, 17, 19])
        #expect(times.count == 100)
        #expect(times.first == 0)
        #expect(times == times.sorted())
    }

    @Test("request times are in order and before the end", arguments: TrafficPattern.allCases)
    func bounded(pattern: TrafficPattern) {
        let times = Workload(pattern: pattern, duration: 3_000_000, peakPerSecond: 7, cycle: 1_000_000)
            .requestTimes()
        #expect(!times.isEmpty)
        #expect(times == times.sorted())
        #expect(times.allSatisfy { $0 >= 0 && $0 < 3_000_000 })
    }

    @Test("the summary says what the traffic does")
    func summary() {
        let burst = Workload(pattern: .burst, duration: 10_000_000, peakPerSecond: 20, cycle: 5_000_000)
        #expect(burst.summary == "burst: quiet for 3s, then 20 requests/s for 2s, every 5s, for 10s")
        #expect(
            Workload(pattern: .steady, duration: 60_000_000, peakPerSecond: 2.5).summary
                == "steady: 2.5 requests/s for 1min"
        )
        #expect(
            Workload(pattern: .ramp, duration: 500_000, peakPerSecond: 40).summary
                == "ramp: from 0 to 40 requests/s over 500ms"
        )
    }
}
