// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
import Traffik
import TraffikHTTP

@Suite struct RateLimitExceededTests {
    @Test func enforceThrowsTheRefusalWithItsFormat() async throws {
        let throttle = try makeThrottle("1/min")
        let allowed = try await throttle.enforce(TestRequest(), profiles: [.legacy()], body: .problemJSON)
        #expect(allowed.isAllowed)
        do {
            try await throttle.enforce(TestRequest(), profiles: [.legacy()], body: .problemJSON)
            Issue.record("the second request was not refused")
        } catch let refusal as RateLimitExceeded {
            #expect(refusal.reason == "Too many requests. Retry in 60 seconds.")
            let response = refusal.response
            #expect(response.status == .tooManyRequests)
            #expect(response.headers[.retryAfter] == "60")
            #expect(response.headers[.xRateLimitRemaining] == "0")
            #expect(response.headers[.contentType] == "application/problem+json")
            #expect(response.headers[.contentLength] == "\(response.body.count)")
        }
    }

    @Test func thePredefinedNames() {
        #expect(
            [HTTPField.Name.rateLimit, .rateLimitPolicy, .xRateLimitLimit, .xRateLimitRemaining, .xRateLimitReset]
                .map(\.rawName) == [
                    "RateLimit", "RateLimit-Policy", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset",
                ]
        )
    }
}
