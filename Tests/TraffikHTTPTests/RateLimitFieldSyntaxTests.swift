// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import RawStructuredFieldValues
import Testing
import Traffik
import TraffikHTTP

/// The IETF profile's fields parse back as structured-field lists (RFC 9651) for any policy name and any numbers a
/// decision can carry, with the name and numbers a client would read.
@Suite struct RateLimitFieldSyntaxTests {
    static let names = [
        "default", "api", #"a"b\c"#, "tab\there", "ünïcode", "", " spaced ", "emoji 🚦 sign",
        String(repeating: "x", count: 300),
    ]

    static func decision(limit: Int, remaining: Int, microseconds: Int64) -> Decision {
        Decision(
            outcome: remaining > 0 ? .allowed : .throttled,
            limit: limit,
            remaining: remaining,
            retryAfterMicroseconds: remaining > 0 ? 0 : microseconds,
            resetAfterMicroseconds: microseconds,
            periodMicroseconds: microseconds
        )
    }

    /// The parameters of the one list member of `value`, and its name.
    static func parse(_ value: String) throws -> (name: String, parameters: [String: Int64]) {
        var parser = StructuredFieldValueParser(Array(value.utf8))
        let list = try parser.parseListFieldValue()
        #expect(list.count == 1)
        guard case .item(let item) = list.first, case .string(let name) = item.rfc9651BareItem else {
            Issue.record("not one string item: \(value)")
            return ("", [:])
        }
        var parameters: [String: Int64] = [:]
        for (key, bare) in item.rfc9651Parameters {
            guard case .integer(let number) = bare else {
                Issue.record("parameter \(key) is not an integer in \(value)")
                continue
            }
            parameters[key] = number
        }
        return (name, parameters)
    }

    @Test(arguments: names)
    func everyPolicyNameMakesAFieldThatParses(_ name: String) throws {
        let fields = RateLimitHeaders.ietf(policy: name).fields(
            for: Self.decision(limit: 100, remaining: 42, microseconds: 1)
        )
        let policy = try Self.parse(try #require(fields[.rateLimitPolicy]))
        let state = try Self.parse(try #require(fields[.rateLimit]))
        let printable = String(name.unicodeScalars.filter { $0.value >= 0x20 && $0.value < 0x7F }.map(Character.init))
        #expect(policy.name == printable)
        #expect(state.name == printable)
        #expect(policy.parameters == ["q": 100, "w": 1])
        #expect(state.parameters == ["r": 42, "t": 1])
    }

    @Test(arguments: [Int.max, 1_000_000_000_000_000, 999_999_999_999_999, 1, 0, -1, Int.min])
    func everyNumberMakesAFieldThatParses(_ number: Int) throws {
        let decision = Self.decision(limit: number, remaining: number, microseconds: Int64(number))
        let fields = [RateLimitHeaders.ietf()].fields(for: decision)
        guard let policyValue = fields[.rateLimitPolicy] else {
            #expect(number <= 0)  // no budget to describe
            return
        }
        let policy = try Self.parse(policyValue)
        let state = try Self.parse(try #require(fields[.rateLimit]))
        let largest: Int64 = 999_999_999_999_999
        #expect(policy.parameters["q"] == min(Int64(number), largest))
        #expect(state.parameters["r"] == min(Int64(number), largest))
        #expect((1...largest).contains(try #require(policy.parameters["w"])))
        #expect((0...largest).contains(try #require(state.parameters["t"])))
    }
}
