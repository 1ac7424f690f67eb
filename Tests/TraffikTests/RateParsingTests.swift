// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
import Traffik

@Suite struct RateParsingTests {
    @Test(arguments: [
        ("100/min", 100, 60_000_000),
        ("5/s", 5, 1_000_000),
        ("10/30s", 10, 30_000_000),
        ("10/30 seconds", 10, 30_000_000),
        ("5/ 2 h", 5, 7_200_000_000),
        ("2 per second", 2, 1_000_000),
        ("2 persecond", 2, 1_000_000),
        ("5per s", 5, 1_000_000),
        ("10 per  minute", 10, 60_000_000),
        ("200/500ms", 200, 500_000),
        ("1000/500ms", 1000, 500_000),
        ("3/1d", 3, 86_400_000_000),
        ("1000/30days", 1000, 2_592_000_000_000),
        ("100/MIN", 100, 60_000_000),
        (" 5 / m ", 5, 60_000_000),
        ("20 per 2 mins", 20, 120_000_000),
        ("7/3secs", 7, 3_000_000),
        ("1/2hrs", 1, 7_200_000_000),
        ("1000000/s", 1_000_000, 1_000_000),
        ("1/250us", 1, 250),
    ])
    func acceptsEveryForm(text: String, limit: Int, micros: Int64) throws {
        let rate = try Rate(parsing: text)
        #expect(rate.limit == limit)
        #expect(rate.periodMicroseconds == micros)
    }

    @Test(arguments: [
        ("", RateError.Part.format),
        ("5", .format),
        ("5/", .period),
        ("/s", .limit),
        ("5/sec/2", .format),
        ("-1/s", .limit),
        ("0/min", .limit),
        ("1.5/s", .limit),
        ("5/0s", .multiplier),
        ("5/fortnight", .unit),
        ("5/2", .unit),
        ("5/s2", .unit),
        ("99999999999999999999/s", .limit),
        ("9223372036854775807/s", .limit),
        ("10000000000/30days", .limit),
    ])
    func rejectsNamingThePart(text: String, part: RateError.Part) {
        #expect {
            try Rate(parsing: text)
        } throws: { error in
            (error as? RateError)?.part == part
        }
    }

    @Test func errorMessageNamesTheBadUnit() {
        #expect(throws: RateError.self) { try Rate(parsing: "5/fortnight") }
        do {
            _ = try Rate(parsing: "5/fortnight")
        } catch {
            #expect(error.description.contains("\"fortnight\""))
            #expect(error.description.contains("5/fortnight"))
        }
    }

    @Test func unlimited() throws {
        #expect(try Rate(parsing: "Unlimited") == .unlimited)
        #expect(Rate.unlimited.isUnlimited)
        #expect(try !Rate.perSecond(1).isUnlimited)
    }

    @Test func typedConstructors() throws {
        #expect(try Rate.perSecond(5) == Rate(parsing: "5/s"))
        #expect(try Rate.perMinute(100) == Rate(parsing: "100/min"))
        #expect(try Rate.perHour(7) == Rate(parsing: "7/h"))
        #expect(try Rate.perDay(3) == Rate(parsing: "3/d"))
        #expect(try Rate(limit: 10, period: .seconds(30)) == (try Rate(parsing: "10/30s")))
        #expect(throws: RateError.self) { try Rate(limit: 0, period: .seconds(1)) }
        #expect(throws: RateError.self) { try Rate(limit: 1, period: .nanoseconds(10)) }
        #expect(throws: RateError.self) { try Rate(limit: .max, period: .seconds(1)) }
    }

    @Test func descriptionReadsBack() throws {
        for text in ["100/min", "5/s", "10/30s", "200/500ms", "3/d", "1/250us", "7/90min"] {
            let rate = try Rate(parsing: text)
            #expect(try Rate(parsing: rate.description) == rate)
        }
    }
}
