// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// An outage report as text: a heading, a row per phase, and the recovery.
enum OutageTable {
    static let headings = [
        "phase", "seconds", "requests", "answered/s", "p50 ms", "p99 ms", "max ms", "200", "429", "5xx", "errors",
    ]

    static func render(_ report: OutageReport) -> String {
        let meta = report.meta
        let rows = report.phases.map { phase in
            [
                phase.phase, ResultTable.fixed(phase.seconds, 1), "\(phase.requests)",
                ResultTable.fixed(phase.answeredPerSecond, 0), ResultTable.fixed(phase.p50Ms, 2),
                ResultTable.fixed(phase.p99Ms, 2), ResultTable.fixed(phase.maxMs, 2), "\(phase.ok)",
                "\(phase.throttled)", "\(phase.serverErrors)", "\(phase.errors)",
            ]
        }
        return [
            "outage: framework \(meta.framework), \(meta.resilience); \(meta.concurrency) in flight over "
                + "\(meta.clients) clients at \(meta.rate); Redis paused \(ResultTable.fixed(meta.pauseSeconds, 1)) s",
            ResultTable.align([headings] + rows),
            breakerLine(report),
            latencyLine(report),
        ].joined(separator: "\n")
    }

    /// When the breaker opened and closed again, or that there is none.
    static func breakerLine(_ report: OutageReport) -> String {
        guard report.hasBreaker else {
            return "breaker: none (every decision waits on Redis); recovery is when latencies are back to normal"
        }
        let opened = report.breakerOpenedAfterMs.map { "opened \(seconds($0)) s into the pause" } ?? "never opened"
        let closed =
            report.breakerClosedAfterMs.map { "closed \(seconds($0)) s after the pause ended" }
            ?? "not seen closed by the end of the run"
        return "breaker: \(opened); \(closed) (polled every 50 ms)"
    }

    /// When latencies were back to normal.
    static func latencyLine(_ report: OutageReport) -> String {
        let bound = ResultTable.fixed(report.normalBoundMs, 2)
        let when =
            report.latencyNormalAfterMs.map { "\(seconds($0)) s after the pause ended" } ?? "not by the end of the run"
        return "latency back to normal (100 ms windows all 200/429 with p99 <= \(bound) ms, for 1 s): \(when)"
    }

    /// Milliseconds as seconds with two decimals.
    static func seconds(_ milliseconds: Double) -> String { ResultTable.fixed(milliseconds / 1000, 2) }
}
