// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// Reads a duration given on the command line, such as `10s`, `500ms`, `2min`, `1h` or `250us`, in microseconds.
///
/// A bare number is seconds. Units: `us`, `ms`, `s`, `min` (or `m`), `h`, `d`.
enum DurationArgument {
    /// Why a duration could not be read.
    struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        /// The text given.
        let input: String
        /// What is wrong with it.
        let reason: String

        var description: String { "invalid duration \"\(input)\": \(reason)" }
    }

    private static let units: [String: Int64] = [
        "us": 1, "ms": 1_000, "s": 1_000_000, "m": 60_000_000, "min": 60_000_000, "h": 3_600_000_000,
        "d": 86_400_000_000,
    ]

    /// The duration in microseconds.
    /// - Throws: ``ParseError`` naming the bad part.
    static func microseconds(_ text: String) throws(ParseError) -> Int64 {
        let trimmed = text.filter { !$0.isWhitespace }.lowercased()
        let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
        let unitText = String(trimmed.dropFirst(digits.count))
        guard !digits.isEmpty else {
            throw ParseError(input: text, reason: "expected a whole number and a unit, such as 10s or 500ms")
        }
        guard let unit = unitText.isEmpty ? 1_000_000 : units[unitText] else {
            throw ParseError(input: text, reason: "unknown unit \"\(unitText)\" (expected us, ms, s, min, h or d)")
        }
        guard let value = Int64(digits) else { throw ParseError(input: text, reason: "the number is too large") }
        let (micros, overflow) = value.multipliedReportingOverflow(by: unit)
        guard !overflow else { throw ParseError(input: text, reason: "the duration is too long") }
        return micros
    }
}
