// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
import Traffik
import TraffikHTTP

extension HTTPField.Name {
    static let xQuotaLeft = HTTPField.Name("X-Quota-Left")!
}

@Suite struct ResponseTests {
    let throttled = Decision(
        outcome: .throttled,
        limit: 100,
        remaining: 0,
        retryAfterMicroseconds: 4_200_000,
        resetAfterMicroseconds: 30_000_001,
        periodMicroseconds: 60_000_000
    )
    let allowed = Decision(
        outcome: .allowed,
        limit: 100,
        remaining: 42,
        retryAfterMicroseconds: 0,
        resetAfterMicroseconds: 500_000,
        periodMicroseconds: 60_000_000
    )

    func dictionary(_ fields: HTTPFields) -> [String: String] {
        Dictionary(fields.map { ($0.name.rawName, $0.value) }, uniquingKeysWith: { $1 })
    }

    @Test func ietfProfile() {
        let fields = dictionary(RateLimitHeaders.ietf(policy: "api").fields(for: allowed))
        #expect(fields == ["RateLimit-Policy": #""api";q=100;w=60"#, "RateLimit": #""api";r=42;t=1"#])
        let quoted = dictionary(RateLimitHeaders.ietf(policy: #"a"b\c"#).fields(for: allowed))
        #expect(quoted["RateLimit"] == #""a\"b\\c";r=42;t=1"#)
    }

    @Test func legacyProfileAndRetryAfter() {
        let fields = dictionary([RateLimitHeaders.legacy()].fields(for: throttled))
        #expect(
            fields == [
                "X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "31", "Retry-After": "5",
            ]
        )
        #expect(dictionary([RateLimitHeaders.legacy()].fields(for: allowed))["Retry-After"] == nil)
    }

    @Test func throttledOnlyAndCustomProfiles() {
        let profiles: [RateLimitHeaders] = [
            .legacy(on: .throttledOnly),
            .custom { [.xQuotaLeft: "\($0.remaining)"] },
        ]
        #expect(dictionary(profiles.fields(for: allowed)) == ["X-Quota-Left": "42"])
        #expect(dictionary(profiles.fields(for: throttled)).count == 5)
    }

    @Test func unrestrictedDecisionsCarryNoHeaders() {
        #expect([RateLimitHeaders.ietf(), .legacy()].fields(for: .unrestricted(.exempt)).isEmpty)
    }

    @Test func bodies() {
        let json = ThrottledBody.json.render(throttled)
        #expect(json.contentType == "application/json; charset=utf-8")
        #expect(
            String(decoding: json.bytes, as: UTF8.self)
                == #"{"error":"too_many_requests","detail":"Too many requests. Retry in 5 seconds.","retry_after":5}"#
        )
        let problem = ThrottledBody.problemJSON.render(throttled)
        #expect(problem.contentType == "application/problem+json")
        #expect(String(decoding: problem.bytes, as: UTF8.self).contains(#""status":429"#))
        var oneSecond = throttled
        oneSecond.retryAfterMicroseconds = 1
        #expect(ThrottledBody.detail(for: oneSecond) == "Too many requests. Retry in 1 second.")
        let never = Decision(
            outcome: .exceedsCapacity,
            limit: 3,
            remaining: 3,
            retryAfterMicroseconds: -1,
            resetAfterMicroseconds: 0,
            periodMicroseconds: 60_000_000
        )
        #expect(String(decoding: ThrottledBody.json.render(never).bytes, as: UTF8.self).contains("cannot be admitted"))
        #expect(!String(decoding: ThrottledBody.json.render(never).bytes, as: UTF8.self).contains("retry_after"))
    }

    @Test func throttledResponse() {
        let response = ThrottledResponse(decision: throttled, body: .plainText, profiles: [.ietf()])
        #expect(response.status == .tooManyRequests)
        let fields = dictionary(response.headers)
        #expect(fields["Retry-After"] == "5")
        #expect(fields["Content-Type"] == "text/plain; charset=utf-8")
        #expect(fields["RateLimit"] == #""default";r=0;t=31"#)
    }

    @Test func webSocketFrame() {
        #expect(
            WebSocketThrottledMessage.json.text(for: throttled)
                == #"{"type":"rate_limit","error":"Too many messages","retry_after":5}"#
        )
    }

    /// A decision carrying extreme numbers (a foreign reply, a corrupt state) renders without trapping: the
    /// rounding up to whole seconds used to overflow near `Int64.max`.
    @Test func extremeDurationsRenderWithoutOverflow() {
        let extreme = Decision(
            outcome: .throttled,
            limit: .max,
            remaining: .max,
            retryAfterMicroseconds: .max,
            resetAfterMicroseconds: .max,
            periodMicroseconds: .max
        )
        let seconds = Int64.max / 1_000_000 + 1
        let fields = dictionary([RateLimitHeaders.ietf(policy: "p"), .legacy()].fields(for: extreme))
        #expect(fields["X-RateLimit-Reset"] == "\(seconds)")
        // Structured-field integers have at most fifteen digits: larger ones are written as the largest.
        #expect(fields["RateLimit-Policy"] == #""p";q=999999999999999;w=\#(seconds)"#)
        #expect(fields["Retry-After"] == "\(seconds)")
        let response = ThrottledResponse(decision: extreme, profiles: [.ietf()])
        #expect(response.status == .tooManyRequests)
        var negative = extreme
        negative.retryAfterMicroseconds = .min
        negative.resetAfterMicroseconds = .min
        negative.periodMicroseconds = .min
        let clamped = dictionary([RateLimitHeaders.legacy(), .ietf()].fields(for: negative))
        #expect(clamped["X-RateLimit-Reset"] == "0")
        #expect(clamped["Retry-After"] == "0")
        #expect(clamped["RateLimit-Policy"] == #""default";q=999999999999999;w=1"#)
    }
}
