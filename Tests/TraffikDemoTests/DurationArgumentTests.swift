// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import traffik_demo

@Suite("DurationArgument")
struct DurationArgumentTests {
    @Test(
        "durations are read in their unit",
        arguments: [
            ("10s", 10_000_000), ("500ms", 500_000), ("2min", 120_000_000), ("2m", 120_000_000), ("1h", 3_600_000_000),
            ("1d", 86_400_000_000), ("250us", 250), ("3", 3_000_000), ("1 S", 1_000_000), ("0s", 0),
        ] as [(String, Int64)]
    )
    func valid(text: String, micros: Int64) throws {
        #expect(try DurationArgument.microseconds(text) == micros)
    }

    @Test("a bad duration names what is wrong")
    func invalid() {
        #expect(
            throws: DurationArgument.ParseError(
                input: "1.5s",
                reason: #"unknown unit ".5s" (expected us, ms, s, min, h or d)"#
            )
        ) {
            try DurationArgument.microseconds("1.5s")
        }
        #expect(throws: DurationArgument.ParseError.self) { try DurationArgument.microseconds("-1s") }
        #expect(throws: DurationArgument.ParseError.self) { try DurationArgument.microseconds("") }
        #expect(throws: DurationArgument.ParseError.self) { try DurationArgument.microseconds("99999999999999999d") }
    }
}
