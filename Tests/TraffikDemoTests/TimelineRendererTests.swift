// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import traffik_demo

@Suite("TimelineRenderer")
struct TimelineRendererTests {
    /// A timeline of two 1-second intervals: 20 sent and 19 admitted, then 20 sent and 10 admitted.
    func sample() -> Timeline {
        var timeline = Timeline(width: 1_000_000, count: 2)
        for index in 0..<20 { timeline.record(at: Int64(index) * 50_000, admitted: index < 19, delay: 0) }
        for index in 0..<20 {
            timeline.record(at: 1_000_000 + Int64(index) * 50_000, admitted: index % 2 == 0, delay: 0)
        }
        return timeline
    }

    @Test("each interval is a line with its time, counts and bar, then the totals")
    func lines() {
        let lines = TimelineRenderer(timeline: sample(), heading: ["token-bucket (burst 10)"]).lines()
        #expect(
            lines == [
                "token-bucket (burst 10)",
                "",
                " time  sent  admitted  throttled",
                "   0s    20        19          1  ###################.",
                "   1s    20        10         10  ##########..........",
                "total    40        29         11",
                "",
                "# admitted, . throttled, one mark per request",
            ]
        )
    }

    @Test("a busy interval puts several requests in one mark")
    func scaledBar() {
        var timeline = Timeline(width: 1_000_000, count: 1)
        for index in 0..<120 { timeline.record(at: Int64(index), admitted: index < 30, delay: 0) }
        let lines = TimelineRenderer(timeline: timeline, heading: []).lines()
        #expect(lines.contains("   0s   120        30         90  ##########" + String(repeating: ".", count: 30)))
        #expect(lines.last == "# admitted, . throttled, one mark per 3 requests or part")
    }

    @Test("a queueing strategy's timeline shows the longest wait")
    func longestWait() {
        var timeline = Timeline(width: 500_000, count: 2)
        timeline.record(at: 0, admitted: true, delay: 0)
        timeline.record(at: 600_000, admitted: true, delay: 250_000)
        let lines = TimelineRenderer(timeline: timeline, heading: []).lines()
        #expect(lines[1] == " time  sent  admitted  throttled  longest wait")
        #expect(lines[2] == "  0ms     1         1          0            0s  #")
        #expect(lines[3] == "500ms     1         1          0         250ms  #")
        #expect(lines[4] == "total     2         2          0         250ms")
    }
}
