// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
import TraffikHTTP

@Suite struct ThrottleRuleTests {
    @Test func noRulesAlwaysApply() async throws {
        #expect(try await ThrottleRules<TestRequest>.none.apply(to: TestRequest()))
    }

    @Test func bypassAndThrottleIf() async throws {
        let rules: ThrottleRules<TestRequest> = [
            .throttleIf(path: "/api/**", methods: ["post", "PUT"]),
            .bypassIf(path: "/api/health"),
        ]
        #expect(try await rules.apply(to: TestRequest(method: "POST", path: "/api/items")))
        #expect(try await !rules.apply(to: TestRequest(method: "GET", path: "/api/items")))
        #expect(try await !rules.apply(to: TestRequest(method: "POST", path: "/apiary")))
        #expect(try await !rules.apply(to: TestRequest(method: "POST", path: "/api/health")))
    }

    @Test func predicatesRunAfterTheCheapRules() async throws {
        let rules: ThrottleRules<TestRequest> = [
            .bypassIf(when: { request in
                #expect(request.path != "/health", "the path rule decides first")
                return request.header("X-Internal") == "1"
            }),
            .bypassIf(path: "/health"),
        ]
        #expect(try await !rules.apply(to: TestRequest(path: "/health")))
        #expect(try await !rules.apply(to: TestRequest(path: "/x", headers: [("X-Internal", "1")])))
        #expect(try await rules.apply(to: TestRequest(path: "/x")))
        #expect(!rules.isCheap)
    }
}
