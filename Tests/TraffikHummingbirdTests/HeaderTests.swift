// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import Traffik
import TraffikHTTP
import TraffikHummingbird

@Suite struct HeaderTests {
    func app(_ responses: ThrottleResponses<TestContext>) throws -> some ApplicationProtocol {
        let router = Router(context: TestContext.self)
        router.throttled(by: try makeThrottle("2/min"), responses: responses).get("/x") { _, _ in "x" }
        return Application(router: router)
    }

    @Test func ietfProfileOnAllowedAndThrottledResponses() async throws {
        try await app(.init(profiles: [.ietf(policy: "items")])).test(.router) { client in
            try await client.execute(uri: "/x", method: .get) { response in
                #expect(response.headers[.rateLimitPolicy] == #""items";q=2;w=60"#)
                #expect(response.headers[.rateLimit] == #""items";r=1;t=60"#)
            }
            try await client.execute(uri: "/x", method: .get) {
                #expect($0.headers[.rateLimit] == #""items";r=0;t=60"#)
            }
            try await client.execute(uri: "/x", method: .get) { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers[.rateLimit] == #""items";r=0;t=60"#)
                #expect(response.headers[.retryAfter] == "60")
            }
        }
    }

    @Test func legacyAndCustomProfiles() async throws {
        let responses = ThrottleResponses<TestContext>(profiles: [
            .legacy(), .custom { [.xBudget: "\($0.remaining)/\($0.limit)"] },
        ])
        try await app(responses).test(.router) { client in
            try await client.execute(uri: "/x", method: .get) { response in
                #expect(response.headers[.xRateLimitRemaining] == "1")
                #expect(response.headers[.xRateLimitLimit] == "2")
                #expect(response.headers[.xRateLimitReset] == "60")
                #expect(response.headers[.xBudget] == "1/2")
            }
        }
    }

    @Test func noProfilesMeansOnlyRetryAfter() async throws {
        try await app(.init()).test(.router) { client in
            try await client.execute(uri: "/x", method: .get) { #expect($0.headers[.rateLimit] == nil) }
            try await client.execute(uri: "/x", method: .get) { _ in }
            try await client.execute(uri: "/x", method: .get) { response in
                #expect(response.headers[.retryAfter] == "60")
                #expect(response.headers[.xRateLimitRemaining] == nil)
            }
        }
    }

    @Test func throttledOnlyProfile() async throws {
        try await app(.init(profiles: [.legacy(on: .throttledOnly)])).test(.router) { client in
            try await client.execute(uri: "/x", method: .get) { #expect($0.headers[.xRateLimitRemaining] == nil) }
            try await client.execute(uri: "/x", method: .get) { _ in }
            try await client.execute(uri: "/x", method: .get) { #expect($0.headers[.xRateLimitRemaining] == "0") }
        }
    }
}
