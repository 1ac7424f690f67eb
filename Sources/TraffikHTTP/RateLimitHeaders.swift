// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import HTTPTypes
import RawStructuredFieldValues
public import Traffik

/// Which rate-limit headers to attach to responses, and when.
///
/// ```swift
/// let quotaLeft = HTTPField.Name("X-Quota-Left")!
/// profiles: [.ietf(policy: "api")]                 // RateLimit-Policy and RateLimit (IETF draft 10)
/// profiles: [.legacy()]                            // X-RateLimit-Limit, -Remaining, -Reset
/// profiles: [.custom { [quotaLeft: "\($0.remaining)"] }]
/// ```
///
/// Every profile is computed from the decision alone: no second read of the store. Decisions that touched no
/// budget (exempt clients, unlimited rates, disabled throttles) get no rate-limit headers.
public struct RateLimitHeaders: Sendable {
    /// When a profile's headers are attached.
    public enum Timing: Sendable, Hashable {
        /// On allowed and throttled responses.
        case always
        /// Only on throttled responses.
        case throttledOnly
    }

    enum Base: Sendable {
        /// The policy name, already written as a structured-field string (quoted and escaped).
        case ietf(name: String)
        case legacy
        case custom(@Sendable (Decision) -> HTTPFields)
    }

    let base: Base
    let timing: Timing

    /// The IETF draft-10 fields: `RateLimit-Policy: "name";q=LIMIT;w=WINDOW` and `RateLimit: "name";r=REMAINING;t=RESET`
    /// (structured fields; window and reset in whole seconds, rounded up).
    public static func ietf(policy: String = "default", on timing: Timing = .always) -> RateLimitHeaders {
        RateLimitHeaders(base: .ietf(name: structuredFieldString(policy)), timing: timing)
    }

    /// `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset` (seconds until the budget is whole).
    public static func legacy(on timing: Timing = .always) -> RateLimitHeaders {
        RateLimitHeaders(base: .legacy, timing: timing)
    }

    /// Header fields of your own, computed from the decision.
    public static func custom(
        on timing: Timing = .always,
        _ build: @escaping @Sendable (Decision) -> HTTPFields
    ) -> RateLimitHeaders {
        RateLimitHeaders(base: .custom(build), timing: timing)
    }

    /// The header fields for `decision`, in a stable order.
    public func fields(for decision: Decision) -> HTTPFields {
        guard decision.limit > 0 || decision.reason == .errorPolicy else { return [:] }
        if timing == .throttledOnly, decision.isAllowed { return [:] }
        let reset = ceilSeconds(decision.resetAfterMicroseconds)
        switch base {
        case .ietf(let name):
            // One list member: the name with integer parameters (RFC 9651), such as `"api";r=0;t=60`.
            let limit = structuredFieldInteger(Int64(decision.limit))
            let window = structuredFieldInteger(max(ceilSeconds(decision.periodMicroseconds), 1))
            let remaining = structuredFieldInteger(Int64(decision.remaining))
            return [
                .rateLimitPolicy: "\(name);q=\(limit);w=\(window)",
                .rateLimit: "\(name);r=\(remaining);t=\(structuredFieldInteger(reset))",
            ]
        case .legacy:
            return [
                .xRateLimitLimit: "\(decision.limit)",
                .xRateLimitRemaining: "\(decision.remaining)",
                .xRateLimitReset: "\(reset)",
            ]
        case .custom(let build):
            return build(decision)
        }
    }
}

extension Array where Element == RateLimitHeaders {
    /// The fields of every profile, plus `Retry-After` (whole seconds, rounded up) on a throttled decision.
    public func fields(for decision: Decision) -> HTTPFields {
        var fields = HTTPFields()
        for profile in self { fields.append(contentsOf: profile.fields(for: decision)) }
        if let seconds = decision.retryAfterSeconds { fields[.retryAfter] = "\(seconds)" }
        return fields
    }
}

/// Microseconds rounded up to whole seconds, at least 0; never overflows, whatever a decision carries.
func ceilSeconds(_ microseconds: Int64) -> Int64 {
    microseconds <= 0 ? 0 : microseconds / 1_000_000 + (microseconds % 1_000_000 > 0 ? 1 : 0)
}

/// `text` as a structured-field string (RFC 9651), written once per profile by the structured-headers serializer,
/// which quotes and escapes. A string can hold printable ASCII only: other characters are left out, so that any
/// policy name makes a field clients can parse.
func structuredFieldString(_ text: String) -> String {
    var printable = ""
    printable.unicodeScalars.append(contentsOf: text.unicodeScalars.filter { $0.value >= 0x20 && $0.value < 0x7F })
    let item = Item(bareItem: RFC9651BareItem.string(printable), parameters: OrderedMap<String, RFC9651BareItem>())
    var serializer = StructuredFieldValueSerializer()
    // Cannot throw: the string is printable ASCII.
    guard let bytes = try? serializer.writeItemFieldValue(item) else {
        assertionFailure("a RateLimit policy name could not be serialised: \(text)")
        return "\"\""
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// `value` as a structured-field integer: one beyond the fifteen digits the format allows is written as the largest
/// it allows, so that no decision makes a field clients cannot parse.
func structuredFieldInteger(_ value: Int64) -> Int64 {
    min(max(value, -largestStructuredInteger), largestStructuredInteger)
}

/// The largest magnitude of a structured-field integer (RFC 9651, section 3.3.1: at most fifteen digits).
let largestStructuredInteger: Int64 = 999_999_999_999_999
