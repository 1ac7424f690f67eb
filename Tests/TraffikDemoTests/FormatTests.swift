// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import traffik_demo

@Suite("Format")
struct FormatTests {
    @Test("durations use the largest exact unit")
    func duration() {
        #expect(Format.duration(10_000_000) == "10s")
        #expect(Format.duration(90_000_000) == "90s")
        #expect(Format.duration(120_000_000) == "2min")
        #expect(Format.duration(250_000) == "250ms")
        #expect(Format.duration(1_500) == "1500us")
        #expect(Format.duration(0) == "0s")
    }

    @Test("decimals keep at most two places")
    func decimal() {
        #expect(Format.decimal(20) == "20")
        #expect(Format.decimal(10.0 / 3) == "3.33")
        #expect(Format.decimal(0.5) == "0.5")
        #expect(Format.decimal(1.05) == "1.05")
    }

    @Test("percentages round to nearest")
    func percent() {
        #expect(Format.percent(58, of: 80) == "73%")
        #expect(Format.percent(1, of: 3) == "33%")
        #expect(Format.percent(0, of: 0) == "-")
    }
}
