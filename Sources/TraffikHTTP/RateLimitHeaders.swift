// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import Traffik

/// Which rate-limit headers to attach to responses, and when.
///
/// ```swift
/// headers: [.ietf(policy: "api")]                 // RateLimit-Policy and RateLimit (IETF draft 10)
/// headers: [.legacy()]                            // X-RateLimit-Limit, -Remaining, -Reset
/// headers: [.custom { ["X-Quota-Left": "\($0.remaining)"] }]
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
        case custom(@Sendable (Decision) -> [String: String])
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

    /// Headers of your own, computed from the decision.
    public static func custom(
        on timing: Timing = .always,
        _ build: @escaping @Sendable (Decision) -> [String: String]
    ) -> RateLimitHeaders {
        RateLimitHeaders(base: .custom(build), timing: timing)
    }

    /// The header fields for `decision`, in a stable order.
    public func fields(for decision: Decision) -> [(name: String, value: String)] {
        guard decision.limit > 0 || decision.reason == .errorPolicy else { return [] }
        if timing == .throttledOnly, decision.isAllowed { return [] }
        let reset = ceilSeconds(decision.resetAfterMicroseconds)
        switch base {
        case .ietf(let policy):
            let name = structuredString(policy)
            let window = max(ceilSeconds(decision.periodMicroseconds), 1)
            return [
                ("RateLimit-Policy", "\(name);q=\(decision.limit);w=\(window)"),
                ("RateLimit", "\(name);r=\(decision.remaining);t=\(reset)"),
            ]
        case .legacy:
            return [
                ("X-RateLimit-Limit", "\(decision.limit)"),
                ("X-RateLimit-Remaining", "\(decision.remaining)"),
                ("X-RateLimit-Reset", "\(reset)"),
            ]
        case .custom(let build):
            return build(decision).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
    }
}

extension Array where Element == RateLimitHeaders {
    /// The fields of every profile, plus `Retry-After` (whole seconds, rounded up) on a throttled decision.
    public func fields(for decision: Decision) -> [(name: String, value: String)] {
        var fields = flatMap { $0.fields(for: decision) }
        if let seconds = decision.retryAfterSeconds { fields.append(("Retry-After", "\(seconds)")) }
        return fields
    }
}

/// Microseconds rounded up to whole seconds, at least 0; never overflows, whatever a decision carries.
func ceilSeconds(_ microseconds: Int64) -> Int64 {
    microseconds <= 0 ? 0 : microseconds / 1_000_000 + (microseconds % 1_000_000 > 0 ? 1 : 0)
}

/// `text` as a structured-field string: quoted, with `"` and `\` escaped and non-printable characters dropped.
func structuredString(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars where scalar.value >= 0x20 && scalar.value < 0x7F {
        if scalar == "\"" || scalar == "\\" { result.append("\\") }
        result.unicodeScalars.append(scalar)
    }
    return result + "\""
}
