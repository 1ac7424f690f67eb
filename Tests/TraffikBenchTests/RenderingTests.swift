// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

@testable import traffik_bench

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite struct RenderingTests {
    static let results: [ScenarioResult] = {
        let run = RunRecord(
            samples: (0..<30).map {
                Sample(
                    index: $0,
                    sentAt: Int64($0) * 100_000,
                    receivedAt: Int64($0) * 100_000 + 500,
                    outcome: $0 < 20 ? .success : .throttled
                )
            },
            start: 0,
            elapsed: 3_000_000,
            expected: AdmittedRange(low: 20, high: 21)
        )
        return [
            ScenarioResult(scenario: "over_limit", runs: [run]),
            ScenarioResult(scenario: "window_boundary", runs: [run], note: "a <note> & more"),
        ]
    }()

    @Test func tableHasAHeaderARowPerScenarioAndTheChecks() {
        let lines = ResultTable.render(Self.results).split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("scenario"))
        #expect(lines[1].hasPrefix("over_limit"))
        #expect(lines[1].hasSuffix("20-21   PASS"))
        #expect(lines[3] == "note: window_boundary: a <note> & more")
    }

    @Test func fixedFormatsDecimals() {
        #expect(ResultTable.fixed(3.14159, 2) == "3.14")
        #expect(ResultTable.fixed(2.5, 0) == "3")
        #expect(ResultTable.fixed(0.05, 2) == "0.05")
        #expect(ResultTable.fixed(-1.5, 1) == "-1.5")
    }

    @Test func jsonRoundTrips() throws {
        let meta = Report.Meta(
            command: "http",
            framework: "hummingbird",
            backend: "memory",
            strategy: "gcra",
            iterations: 1,
            warmup: 0,
            concurrency: 50,
            workers: 1,
            target: nil,
            timestamp: "2026-11-29T00:00:00Z"
        )
        let text = try Report(meta: meta, results: Self.results).json()
        let decoded = try JSONDecoder().decode(Report.self, from: Data(text.utf8))
        #expect(decoded.meta == meta)
        #expect(decoded.results == Self.results)
        #expect(text.contains(#""passed" : true"#))
    }

    @Test func svgIsWellFormedAndHasABarPerScenario() {
        let svg = SVGChart(title: "a <title> & more", results: Self.results).render()
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("window_boundary: admitted per 100 ms"))
        #expect(svg.components(separatedBy: "<rect").count - 1 > 4)
    }

    @Test func timelineCountsAdmittedPerHundredMilliseconds() {
        let samples = [0, 50_000, 150_000, 950_000].map {
            Sample(index: 0, sentAt: 0, receivedAt: Int64($0), outcome: .success)
        }
        #expect(ScenarioResult.timeline(samples, from: 0) == [2, 1, 0, 0, 0, 0, 0, 0, 0, 1])
    }
}
