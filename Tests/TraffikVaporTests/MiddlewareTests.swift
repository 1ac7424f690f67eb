// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
import Traffik
import TraffikHTTP
import TraffikVapor
import Vapor
import VaporTesting

@Suite(.timeLimit(.minutes(1))) struct MiddlewareTests {
    @Test func admitsExactlyTheLimitThenAnswers429() async throws {
        try await withQuietApp { app in
            app.throttled(by: try makeThrottle("3/min", identifier: clientHeader)).get("items") { _ in "items" }
            app.get("free") { _ in "free" }
            let tester = try app.testing()
            for _ in 0..<3 {
                try await tester.test(.GET, "items", headers: ["X-Client": "a"]) { #expect($0.status == .ok) }
            }
            try await tester.test(.GET, "items", headers: ["X-Client": "a"]) { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers.first(name: "Retry-After") == "60")
                #expect(response.headers.first(name: .contentType) == "application/json; charset=utf-8")
                #expect(
                    response.text
                        == #"{"error":"too_many_requests","detail":"Too many requests. Retry in 60 seconds.","retry_after":60}"#
                )
            }
            try await tester.test(.GET, "items", headers: ["X-Client": "b"]) { #expect($0.status == .ok) }
            try await tester.test(.GET, "free", headers: ["X-Client": "a"]) { #expect($0.status == .ok) }
        }
    }

    @Test func oneBudgetAcrossTheRoutesOfAGroup() async throws {
        try await withQuietApp { app in
            let api = app.grouped("api").grouped(
                ThrottleMiddleware(try makeThrottle("2/min", identifier: clientHeader))
            )
            api.get("a") { _ in "a" }
            api.post("b") { _ in "b" }
            let tester = try app.testing()
            try await tester.test(.GET, "api/a", headers: ["X-Client": "c"]) { #expect($0.status == .ok) }
            try await tester.test(.POST, "api/b", headers: ["X-Client": "c"]) { #expect($0.status == .ok) }
            try await tester.test(.GET, "api/a", headers: ["X-Client": "c"]) {
                #expect($0.status == .tooManyRequests)
            }
        }
    }

    @Test func bypassAndThrottleIfRules() async throws {
        try await withQuietApp { app in
            app.middleware.use(
                ThrottleMiddleware(
                    try makeThrottle("1/min", identifier: clientHeader),
                    rules: [.bypassIf(path: "/health"), .throttleIf(methods: ["POST"])]
                )
            )
            app.get("health") { _ in "ok" }
            app.post("health") { _ in "ok" }
            app.get("items") { _ in "items" }
            app.post("items") { _ in "created" }
            let tester = try app.testing()
            for _ in 0..<5 {
                try await tester.test(.POST, "health") { #expect($0.status == .ok) }
                try await tester.test(.GET, "items") { #expect($0.status == .ok) }
            }
            try await tester.test(.POST, "items") { #expect($0.status == .ok) }
            try await tester.test(.POST, "items") { #expect($0.status == .tooManyRequests) }
        }
    }

    @Test func cheapestThrottleRunsFirstAndTheFirstRefusalAnswers() async throws {
        let store = InMemoryBackend(clock: ManualClock())
        let expensive = try makeThrottle("100/min", backend: .fixed(store))
        let strict = try makeThrottle("1/min")
        try await withQuietApp { app in
            app.middleware.use(
                ThrottleMiddleware(stack: [.init(expensive, rules: [.throttleIf(when: { _ in true })]), .init(strict)])
            )
            app.get("x") { _ in "x" }
            let tester = try app.testing()
            try await tester.test(.GET, "x") { #expect($0.status == .ok) }
            try await tester.test(.GET, "x") { #expect($0.status == .tooManyRequests) }
        }
        // The strict throttle refused before the one with a predicate ran: that one saw only the first request.
        let state = try await store.get(expensive.key(client: "__anonymous__")).flatMap(FixedWindow.State.decode)
        #expect(state?.count == 1)
    }

    @Test func recordingModeLetsTheRouteDecide() async throws {
        try await withQuietApp { app in
            app.grouped(ThrottleMiddleware.recording(try makeThrottle("1/min"))).get("x") { req in
                guard let decision = req.throttleDecision else { return "none" }
                return decision.isAllowed
                    ? "allowed \(decision.remaining)" : "refused \(decision.retryAfterSeconds ?? 0)"
            }
            let tester = try app.testing()
            try await tester.test(.GET, "x") { #expect($0.text == "allowed 0") }
            try await tester.test(.GET, "x") { response in
                #expect(response.status == .ok)
                #expect(response.text == "refused 60")
            }
        }
    }

    @Test func enforceInsideAHandler() async throws {
        let throttle = try makeThrottle("1/min")
        try await withQuietApp { app in
            app.middleware.use(RateLimitExceededMiddleware())
            app.get("report") { req in
                try await throttle.enforce(req, profiles: [.legacy()], body: .problemJSON)
                return "report"
            }
            let tester = try app.testing()
            try await tester.test(.GET, "report") { #expect($0.status == .ok) }
            try await tester.test(.GET, "report") { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers.first(name: .contentType) == "application/problem+json")
                #expect(response.headers.first(name: "X-RateLimit-Remaining") == "0")
                #expect(response.headers.first(name: "Retry-After") == "60")
                #expect(response.text.hasPrefix(#"{"type":"about:blank","title":"Too Many Requests","status":429"#))
            }
        }
    }

    @Test func aCustomThrottledHandler() async throws {
        try await withQuietApp { app in
            app.throttled(
                by: try makeThrottle("1/min"),
                responses: ThrottleResponses(onThrottled: { decision, _ in
                    Response(
                        status: .serviceUnavailable,
                        headers: ["Retry-After": "\(decision.retryAfterSeconds ?? 0)"]
                    )
                })
            ).get("x") { _ in "x" }
            let tester = try app.testing()
            try await tester.test(.GET, "x") { #expect($0.status == .ok) }
            try await tester.test(.GET, "x") { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers.first(name: "Retry-After") == "60")
            }
        }
    }

    /// Vapor's matched route gives the pattern (`/items/:id`), so every id shares the route's budget, and requests
    /// that match no route share one budget rather than one per made-up path.
    @Test func perRouteBudgetsFollowTheRoutePattern() async throws {
        var configuration = VaporThrottle.Configuration(rate: "2/min")
        configuration.budget = .perRoute
        let throttle = try VaporThrottle(
            uid: "\(#function):\(UInt64.random(in: 0...UInt64.max))",
            backend: .fixed(InMemoryBackend(clock: ManualClock(microseconds: 1_700_000_040_000_000))),
            configuration: configuration
        )
        try await withQuietApp { app in
            app.middleware.use(ThrottleMiddleware(throttle))
            app.get("items", ":id") { req in req.parameters.get("id") ?? "" }
            app.get("other") { _ in "other" }
            let tester = try app.testing()
            try await tester.test(.GET, "items/1") { #expect($0.status == .ok) }
            try await tester.test(.GET, "items/2") { #expect($0.status == .ok) }
            try await tester.test(.GET, "items/3") { #expect($0.status == .tooManyRequests) }
            try await tester.test(.GET, "other") { #expect($0.status == .ok) }
            try await tester.test(.GET, "nowhere/1") { #expect($0.status == .notFound) }
            try await tester.test(.GET, "nowhere/2") { #expect($0.status == .notFound) }
            try await tester.test(.GET, "nowhere/3") { #expect($0.status == .tooManyRequests) }
        }
    }
}
