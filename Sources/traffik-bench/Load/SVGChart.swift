// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// A self-contained SVG chart of a run: requests per second and p99 latency per scenario as horizontal bars, and,
/// when `window_boundary` ran, its admitted requests per 100 ms, where the window resets show as separate waves.
struct SVGChart {
    var title: String
    var results: [ScenarioResult]

    private let width = 760.0
    private let rowHeight = 22.0
    private let labelWidth = 150.0

    func render() -> String {
        var body: [String] = []
        var y = 40.0
        body.append(text(x: 10, y: 24, Self.escape(title), size: 16, bold: true))
        y = bars(into: &body, top: y, heading: "requests per second (mean)", color: "#3b7dd8") { $0.rpsMean }
        y = bars(into: &body, top: y + 16, heading: "p99 latency (ms)", color: "#d8843b") { $0.p99Ms }
        if let boundary = results.first(where: { $0.scenario == "window_boundary" }) {
            y = timeline(into: &body, top: y + 16, buckets: boundary.admittedTimeline)
        }
        let header =
            #"<svg xmlns="http://www.w3.org/2000/svg" width="\#(Int(width))" height="\#(Int(y + 10))" "#
            + #"viewBox="0 0 \#(Int(width)) \#(Int(y + 10))" font-family="sans-serif">"#
        return ([header, #"<rect width="100%" height="100%" fill="white"/>"#] + body + ["</svg>"])
            .joined(separator: "\n") + "\n"
    }

    private func bars(
        into body: inout [String],
        top: Double,
        heading: String,
        color: String,
        value: (ScenarioResult) -> Double
    ) -> Double {
        body.append(text(x: 10, y: top + 14, heading, size: 13, bold: true))
        let largest = max(results.map(value).max() ?? 0, 1e-9)
        let span = width - labelWidth - 90
        var y = top + 22
        for result in results {
            let length = max(1, value(result) / largest * span)
            body.append(text(x: 10, y: y + 15, Self.escape(result.scenario), size: 12))
            body.append(
                #"<rect x="\#(Self.number(labelWidth))" y="\#(Self.number(y + 3))" width="\#(Self.number(length))" height="\#(Self.number(rowHeight - 6))" fill="\#(color)"/>"#
            )
            body.append(
                text(
                    x: labelWidth + length + 6,
                    y: y + 15,
                    ResultTable.fixed(value(result), value(result) < 10 ? 2 : 0),
                    size: 12
                )
            )
            y += rowHeight
        }
        return y
    }

    private func timeline(into body: inout [String], top: Double, buckets: [Int]) -> Double {
        body.append(text(x: 10, y: top + 14, "window_boundary: admitted per 100 ms", size: 13, bold: true))
        let height = 120.0
        let base = top + 24 + height
        let largest = Double(max(buckets.max() ?? 0, 1))
        let step = buckets.isEmpty ? 0 : min(20, (width - labelWidth - 20) / Double(buckets.count))
        for (index, count) in buckets.enumerated() {
            let barHeight = Double(count) / largest * height
            let x = labelWidth + Double(index) * step
            body.append(
                ##"<rect x="\##(Self.number(x))" y="\##(Self.number(base - barHeight))" width="\##(Self.number(max(step - 2, 1)))" height="\##(Self.number(barHeight))" fill="#4a9d5b"/>"##
            )
        }
        body.append(text(x: 10, y: base, "\(Int(largest)) max", size: 12))
        body.append(text(x: labelWidth, y: base + 16, "0 s", size: 11))
        if !buckets.isEmpty {
            let end = Double(buckets.count) / 10
            body.append(
                text(
                    x: labelWidth + Double(buckets.count) * step - 30,
                    y: base + 16,
                    "\(ResultTable.fixed(end, 1)) s",
                    size: 11
                )
            )
        }
        return base + 22
    }

    private func text(x: Double, y: Double, _ content: String, size: Int, bold: Bool = false) -> String {
        let weight = bold ? #" font-weight="bold""# : ""
        return #"<text x="\#(Self.number(x))" y="\#(Self.number(y))" font-size="\#(size)"\#(weight)>\#(content)</text>"#
    }

    private static func number(_ value: Double) -> String { ResultTable.fixed(value, 1) }

    /// Text safe inside an XML element.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
