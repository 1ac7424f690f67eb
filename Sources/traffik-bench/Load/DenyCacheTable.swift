// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// A deny-cache report as text: a row per run and the round trips saved.
enum DenyCacheTable {
    static let headings = [
        "deny cache", "requests", "200", "429", "errors", "Redis round trips", "rps", "p50 ms", "p99 ms",
    ]

    static func render(_ report: DenyCacheReport) -> String {
        let rows = [report.without, report.with].map { run in
            [
                run.denyCache, "\(run.requests)", "\(run.ok)", "\(run.throttled)", "\(run.errors)", "\(run.roundTrips)",
                ResultTable.fixed(run.requestsPerSecond, 0), ResultTable.fixed(run.p50Ms, 2),
                ResultTable.fixed(run.p99Ms, 2),
            ]
        }
        return [
            "deny-cache: framework \(report.framework), one client at \(report.rate), "
                + "\(report.concurrency) in flight",
            ResultTable.align([headings] + rows),
            "round trips saved: \(report.saved) (\(ResultTable.fixed(report.savedPercent, 1)) %), "
                + "counted as EVALSHA calls in INFO commandstats",
        ].joined(separator: "\n")
    }
}
