// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// Writes several strategies' timelines side by side: admitted requests per interval in a column per strategy,
/// then a table of totals that also spells out each column's code.
///
/// ```
/// time  sent  FW  SWC  SWL  TB  TBD  LB  LBQ  GCRA
///   3s    20  10   10   10  19   19  19   19    10
/// ```
struct ComparisonRenderer: Sendable {
    /// The timelines, in column order; all of the same workload and interval width.
    var results: [(name: StrategyName, timeline: Timeline)]
    /// Each strategy's parameters in words (empty for none), by strategy.
    var parameters: [StrategyName: String]
    /// The lines above the tables.
    var heading: [String]

    /// The whole text, one line per element.
    func lines() -> [String] {
        guard let first = results.first?.timeline else { return heading }
        let unit = Format.unit(dividing: first.width)
        var grid = TextTable(
            headings: ["time", "sent"] + results.map(\.name.code),
            alignments: Array(repeating: .right, count: results.count + 2)
        )
        for (index, interval) in first.intervals.enumerated() {
            grid.rows.append(
                [Format.time(interval.start, in: unit), "\(interval.sent)"]
                    + results.map { "\($0.timeline.intervals[index].admitted)" }
            )
        }
        grid.rows.append(["total", "\(first.sent)"] + results.map { "\($0.timeline.admitted)" })

        var totals = TextTable(
            headings: ["code", "strategy", "parameters", "admitted", "throttled", "share", "longest wait"],
            alignments: [.left, .left, .left, .right, .right, .right, .right]
        )
        for (name, timeline) in results {
            totals.rows.append([
                name.code, name.name, parameters[name] ?? "", "\(timeline.admitted)", "\(timeline.throttled)",
                Format.percent(timeline.admitted, of: timeline.sent),
                name.queues ? Format.duration(timeline.longestDelay) : "-",
            ])
        }
        return heading + ["", "Admitted requests per interval:", ""] + grid.lines() + [""] + totals.lines()
    }
}
