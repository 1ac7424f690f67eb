// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// Writes one strategy's timeline as text: a line per interval with its counts and a bar, then the totals.
///
/// ```
/// time  sent  admitted  throttled
///   3s    20        19          1  ###################.
///   4s    20        10         10  ##########..........
/// total   80        58         22
/// ```
struct TimelineRenderer: Sendable {
    /// The widest bar, in marks; busier timelines put several requests in one mark.
    static let maxBarWidth = 50

    /// The timeline to write.
    var timeline: Timeline
    /// The lines above the table.
    var heading: [String]

    /// The whole text, one line per element.
    func lines() -> [String] {
        let unit = Format.unit(dividing: timeline.width)
        let busiest = timeline.intervals.map(\.sent).max() ?? 0
        let perMark = max(1, (busiest + Self.maxBarWidth - 1) / Self.maxBarWidth)
        let showsDelay = timeline.longestDelay > 0
        var table = TextTable(
            headings: ["time", "sent", "admitted", "throttled"] + (showsDelay ? ["longest wait"] : []) + [""],
            alignments: [.right, .right, .right, .right] + (showsDelay ? [.right] : []) + [.left]
        )
        for interval in timeline.intervals {
            var row = [
                Format.time(interval.start, in: unit), "\(interval.sent)", "\(interval.admitted)",
                "\(interval.throttled)",
            ]
            if showsDelay { row.append(Format.duration(interval.longestDelay)) }
            row.append(bar(interval, perMark: perMark))
            table.rows.append(row)
        }
        let totalWait = showsDelay ? [Format.duration(timeline.longestDelay)] : []
        table.rows.append(
            ["total", "\(timeline.sent)", "\(timeline.admitted)", "\(timeline.throttled)"] + totalWait + [""]
        )
        let scale = perMark == 1 ? "one mark per request" : "one mark per \(perMark) requests or part"
        return heading + [""] + table.lines() + ["", "# admitted, . throttled, \(scale)"]
    }

    /// The interval's bar: `#` for admitted requests, then `.` for throttled ones, `perMark` requests a mark.
    func bar(_ interval: Timeline.Interval, perMark: Int) -> String {
        let admitted = (interval.admitted + perMark - 1) / perMark
        let throttled = (interval.throttled + perMark - 1) / perMark
        return String(repeating: "#", count: admitted) + String(repeating: ".", count: throttled)
    }
}
