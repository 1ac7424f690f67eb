// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

extension Rate {
    /// Parses a rate such as `100/min`, `5/s`, `10/30s`, `10/30 seconds`, `2 per second`, `200/500ms` or `3/1d`.
    ///
    /// Case and spaces around the parts do not matter. Units: `us`, `ms`, `s`, `min` (or `m`), `h`, `d`, each with
    /// its long and plural forms (`msec`, `secs`, `seconds`, `mins`, `minutes`, `hr`, `hrs`, `hours`, `day`,
    /// `days`...). The word `unlimited` gives ``Rate/unlimited``.
    ///
    /// - Throws: ``RateError`` naming the bad part.
    public init(parsing text: String) throws(RateError) {
        let lowered = text.lowercased().trimmingSpaces()
        func fail(_ part: RateError.Part, _ reason: String) -> RateError {
            RateError(input: text, part: part, reason: reason)
        }
        guard !lowered.isEmpty else { throw fail(.format, "the rate is empty") }
        if lowered == "unlimited" {
            self = .unlimited
            return
        }
        let parts: [Substring]
        if lowered.contains("/") {
            parts = lowered.split(separator: "/", omittingEmptySubsequences: false)
        } else if let range = lowered.firstRange(of: "per") {
            parts = [lowered[..<range.lowerBound], lowered[range.upperBound...]]
        } else {
            throw fail(.format, "expected LIMIT/PERIOD or LIMIT per PERIOD, such as 100/min")
        }
        guard parts.count == 2 else { throw fail(.format, "expected exactly one separator ('/' or 'per')") }
        let limitText = String(parts[0]).trimmingSpaces()
        let periodText = String(parts[1]).trimmingSpaces()
        guard !limitText.isEmpty else { throw fail(.limit, "the limit is missing") }
        guard limitText.allSatisfy(\.isASCIIDigit), let limit = Int(limitText) else {
            throw fail(.limit, "the limit \"\(limitText)\" is not a whole number")
        }
        guard limit >= 1 else { throw fail(.limit, "the limit must be at least 1 (use \"unlimited\" for no limit)") }
        guard !periodText.isEmpty else { throw fail(.period, "the period is missing") }

        let digits = periodText.prefix(while: \.isASCIIDigit)
        let unitText = periodText.dropFirst(digits.count).trimmingSpaces()
        var multiplier: Int64 = 1
        if !digits.isEmpty {
            guard let value = Int64(digits) else {
                throw fail(.multiplier, "the multiplier \"\(digits)\" is too large")
            }
            guard value >= 1 else { throw fail(.multiplier, "the multiplier must be at least 1") }
            multiplier = value
        }
        guard !unitText.isEmpty else { throw fail(.unit, "the unit is missing (expected ms, s, min, h or d)") }
        guard unitText.allSatisfy({ $0.isLetter }) else {
            throw fail(.unit, "\"\(unitText)\" is not a unit (expected ms, s, min, h or d)")
        }
        guard let unit = Self.units[unitText] else {
            throw fail(.unit, "unknown unit \"\(unitText)\" (expected ms, s, min, h or d)")
        }
        let (micros, overflow) = multiplier.multipliedReportingOverflow(by: unit)
        guard !overflow else { throw fail(.period, "the period is too long") }
        guard Rate.fits(limit: limit, periodMicroseconds: micros) else { throw fail(.limit, Rate.tooLarge) }
        self.init(uncheckedLimit: limit, periodMicroseconds: micros)
    }

    private static let units: [String: Int64] = {
        var table: [String: Int64] = [:]
        let groups: [(Int64, [String])] = [
            (1, ["us", "usec", "usecs", "microsecond", "microseconds"]),
            (1_000, ["ms", "msec", "msecs", "millisecond", "milliseconds"]),
            (1_000_000, ["s", "sec", "secs", "second", "seconds"]),
            (60_000_000, ["m", "min", "mins", "minute", "minutes"]),
            (3_600_000_000, ["h", "hr", "hrs", "hour", "hours"]),
            (86_400_000_000, ["d", "day", "days"]),
        ]
        for (size, names) in groups {
            for name in names { table[name] = size }
        }
        return table
    }()
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension StringProtocol {
    fileprivate func trimmingSpaces() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
