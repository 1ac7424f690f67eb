// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
import Traffik
import TraffikHTTP
import TraffikVapor
import Vapor
import VaporTesting

@Suite(.timeLimit(.minutes(1))) struct HeaderTests {
    func withApp(
        _ responses: ThrottleResponses,
        _ test: (any TestingApplicationTester) async throws -> Void
    ) async throws {
        let throttle = try makeThrottle("2/min")
        try await withQuietApp { app in
            app.throttled(by: throttle, responses: responses).get("x") { _ in "x" }
            try await test(try app.testing())
        }
    }

    @Test func ietfProfileOnAllowedAndThrottledResponses() async throws {
        try await withApp(.init(profiles: [.ietf(policy: "items")])) { tester in
            try await tester.test(.GET, "x") { response in
                #expect(response.headers.first(name: "RateLimit-Policy") == #""items";q=2;w=60"#)
                #expect(response.headers.first(name: "RateLimit") == #""items";r=1;t=60"#)
            }
            try await tester.test(.GET, "x") { #expect($0.headers.first(name: "RateLimit") == #""items";r=0;t=60"#) }
            try await tester.test(.GET, "x") { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers.first(name: "RateLimit") == #""items";r=0;t=60"#)
                #expect(response.headers.first(name: "Retry-After") == "60")
            }
        }
    }

    @Test func legacyAndCustomProfiles() async throws {
        let responses = ThrottleResponses(profiles: [
            .legacy(), .custom { [.xBudget: "\($0.remaining)/\($0.limit)"] },
        ])
        try await withApp(responses) { tester in
            try await tester.test(.GET, "x") { response in
                #expect(response.headers.first(name: "X-RateLimit-Remaining") == "1")
                #expect(response.headers.first(name: "X-RateLimit-Limit") == "2")
                #expect(response.headers.first(name: "X-RateLimit-Reset") == "60")
                #expect(response.headers.first(name: "X-Budget") == "1/2")
            }
        }
    }

    @Test func noProfilesMeansOnlyRetryAfter() async throws {
        try await withApp(.init()) { tester in
            try await tester.test(.GET, "x") { #expect($0.headers.first(name: "RateLimit") == nil) }
            try await tester.test(.GET, "x") { _ in }
            try await tester.test(.GET, "x") { response in
                #expect(response.headers.first(name: "Retry-After") == "60")
                #expect(response.headers.first(name: "X-RateLimit-Remaining") == nil)
            }
        }
    }

    @Test func throttledOnlyProfile() async throws {
        try await withApp(.init(profiles: [.legacy(on: .throttledOnly)])) { tester in
            try await tester.test(.GET, "x") { #expect($0.headers.first(name: "X-RateLimit-Remaining") == nil) }
            try await tester.test(.GET, "x") { _ in }
            try await tester.test(.GET, "x") { #expect($0.headers.first(name: "X-RateLimit-Remaining") == "0") }
        }
    }
}
