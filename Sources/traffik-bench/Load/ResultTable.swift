// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// The results as an aligned text table, one row per scenario.
enum ResultTable {
    static let headings = [
        "scenario", "requests", "rps", "±", "p50 ms", "p95 ms", "p99 ms", "ok", "429", "err", "expected", "check",
    ]

    static func render(_ results: [ScenarioResult]) -> String {
        let rows = results.map { result in
            [
                result.scenario, "\(result.requests)", fixed(result.rpsMean, 0), fixed(result.rpsStddev, 0),
                fixed(result.p50Ms, 2), fixed(result.p95Ms, 2), fixed(result.p99Ms, 2), "\(result.success)",
                "\(result.throttled)", "\(result.errors)", result.expected.text, result.passed ? "PASS" : "FAIL",
            ]
        }
        var lines = [align([headings] + rows)]
        for result in results { if let note = result.note { lines.append("note: \(result.scenario): \(note)") } }
        return lines.joined(separator: "\n")
    }

    /// Columns padded to their widest cell: the first left-aligned, the others right-aligned.
    static func align(_ rows: [[String]]) -> String {
        let widths = (0..<(rows.first?.count ?? 0)).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// `value` with `digits` decimals.
    static func fixed(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int((value * scale).rounded())
        guard digits > 0 else { return "\(scaled)" }
        let whole = abs(scaled) / Int(scale)
        let fraction = String(abs(scaled) % Int(scale))
        let sign = scaled < 0 ? "-" : ""
        return "\(sign)\(whole)." + String(repeating: "0", count: digits - fraction.count) + fraction
    }
}
