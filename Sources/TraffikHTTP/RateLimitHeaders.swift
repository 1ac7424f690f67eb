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
        case ietf(policy: String)
        case legacy
        case custom(@Sendable (Decision) -> HTTPFields)
    }

    let base: Base
    let timing: Timing

    /// The IETF draft-10 fields: `RateLimit-Policy: "name";q=LIMIT;w=WINDOW` and `RateLimit: "name";r=REMAINING;t=RESET`
    /// (structured fields; window and reset in whole seconds, rounded up).
    public static func ietf(policy: String = "default", on timing: Timing = .always) -> RateLimitHeaders {
        RateLimitHeaders(base: .ietf(policy: policy), timing: timing)
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
        case .ietf(let policy):
            let window = max(ceilSeconds(decision.periodMicroseconds), 1)
            return [
                .rateLimitPolicy: policyListValue(policy, [("q", Int64(decision.limit)), ("w", window)]),
                .rateLimit: policyListValue(policy, [("r", Int64(decision.remaining)), ("t", reset)]),
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

/// A one-member structured-field list (RFC 9651): the policy name as a string, with integer `parameters` in order,
/// such as `"api";r=0;t=60`. The serializer quotes and escapes; what it cannot carry is made to fit rather than
/// dropping the field: characters outside printable ASCII are left out of the name, and an integer beyond the
/// fifteen digits the format allows is written as the largest it allows.
func policyListValue(_ policy: String, _ parameters: [(key: String, value: Int64)]) -> String {
    var name = ""
    name.unicodeScalars.append(contentsOf: policy.unicodeScalars.filter { $0.value >= 0x20 && $0.value < 0x7F })
    var itemParameters = OrderedMap<String, RFC9651BareItem>()
    for (key, value) in parameters {
        itemParameters[key] = .integer(min(max(value, -largestStructuredInteger), largestStructuredInteger))
    }
    var serializer = StructuredFieldValueSerializer()
    let member = ItemOrInnerList.item(Item(bareItem: .string(name), parameters: itemParameters))
    // Cannot throw: the name is printable ASCII, the keys are lowercase letters, the integers are in range.
    guard let bytes = try? serializer.writeListFieldValue([member]) else {
        assertionFailure("a RateLimit field value for policy \(policy) could not be serialised")
        return "\"\""
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// The largest magnitude of a structured-field integer (RFC 9651, section 3.3.1: at most fifteen digits).
let largestStructuredInteger: Int64 = 999_999_999_999_999
