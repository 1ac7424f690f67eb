// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import Traffik
import TraffikHTTP
import TraffikHummingbird

@Suite struct MiddlewareTests {
    @Test func admitsExactlyTheLimitThenAnswers429() async throws {
        let router = Router(context: TestContext.self)
        router.throttled(by: try makeThrottle("3/min", identifier: clientHeader)).get("/items") { _, _ in "items" }
        router.get("/free") { _, _ in "free" }
        try await Application(router: router).test(.router) { client in
            for _ in 0..<3 {
                try await client.execute(uri: "/items", method: .get, headers: [.xClient: "a"]) { response in
                    #expect(response.status == .ok)
                }
            }
            try await client.execute(uri: "/items", method: .get, headers: [.xClient: "a"]) { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers[.retryAfter] == "60")
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                #expect(
                    String(buffer: response.body)
                        == #"{"error":"too_many_requests","detail":"Too many requests. Retry in 60 seconds.","retry_after":60}"#
                )
            }
            try await client.execute(uri: "/items", method: .get, headers: [.xClient: "b"]) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/free", method: .get, headers: [.xClient: "a"]) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func oneBudgetAcrossTheRoutesOfAGroup() async throws {
        let router = Router(context: TestContext.self)
        let api = router.group("/api").add(
            middleware: ThrottleMiddleware(try makeThrottle("2/min", identifier: clientHeader))
        )
        api.get("/a") { _, _ in "a" }
        api.post("/b") { _, _ in "b" }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/api/a", method: .get, headers: [.xClient: "c"]) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/api/b", method: .post, headers: [.xClient: "c"]) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/api/a", method: .get, headers: [.xClient: "c"]) {
                #expect($0.status == .tooManyRequests)
            }
        }
    }

    @Test func bypassAndThrottleIfRules() async throws {
        let router = Router(context: TestContext.self)
        router.add(
            middleware: ThrottleMiddleware(
                try makeThrottle("1/min", identifier: clientHeader),
                rules: [.bypassIf(path: "/health"), .throttleIf(methods: ["POST"])]
            )
        )
        router.get("/health") { _, _ in "ok" }
        router.post("/health") { _, _ in "ok" }
        router.get("/items") { _, _ in "items" }
        router.post("/items") { _, _ in "created" }
        try await Application(router: router).test(.router) { client in
            for _ in 0..<5 {
                try await client.execute(uri: "/health", method: .post) { #expect($0.status == .ok) }
                try await client.execute(uri: "/items", method: .get) { #expect($0.status == .ok) }
            }
            try await client.execute(uri: "/items", method: .post) { #expect($0.status == .ok) }
            try await client.execute(uri: "/items", method: .post) { #expect($0.status == .tooManyRequests) }
        }
    }

    @Test func cheapestThrottleRunsFirstAndTheFirstRefusalAnswers() async throws {
        let store = InMemoryBackend(clock: ManualClock())
        let expensive = try makeThrottle("100/min", backend: .fixed(store))
        let strict = try makeThrottle("1/min")
        let router = Router(context: TestContext.self)
        router.add(
            middleware: ThrottleMiddleware(
                stack: [
                    MiddlewareThrottle(expensive, rules: [.throttleIf(when: { _ in true })]),
                    MiddlewareThrottle(strict),
                ]
            )
        )
        router.get("/x") { _, _ in "x" }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/x", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/x", method: .get) { #expect($0.status == .tooManyRequests) }
        }
        // The strict throttle refused before the one with a predicate ran: that one saw only the first request.
        let state = try await store.get(expensive.key(client: "__anonymous__")).flatMap(FixedWindow.State.decode)
        #expect(state?.count == 1)
    }

    @Test func recordingModeLetsTheRouteDecide() async throws {
        let router = Router(context: TestContext.self)
        router.add(middleware: ThrottleMiddleware.recording(try makeThrottle("1/min")))
        router.get("/x") { _, context in
            guard let decision = context.throttleDecision else { return "none" }
            return decision.isAllowed ? "allowed \(decision.remaining)" : "refused \(decision.retryAfterSeconds ?? 0)"
        }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/x", method: .get) { #expect(String(buffer: $0.body) == "allowed 0") }
            try await client.execute(uri: "/x", method: .get) {
                #expect($0.status == .ok)
                #expect(String(buffer: $0.body) == "refused 60")
            }
        }
    }

    @Test func enforceInsideAHandler() async throws {
        let throttle = try makeThrottle("1/min")
        let router = Router(context: TestContext.self)
        router.get("/report") { request, context in
            try await throttle.enforce(request, context: context, profiles: [.legacy()], body: .problemJSON)
            return "report"
        }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/report", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/report", method: .get) { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(response.headers[.xRateLimitRemaining] == "0")
                #expect(response.headers[.retryAfter] == "60")
            }
        }
    }

    @Test func aCustomThrottledHandler() async throws {
        let router = Router(context: TestContext.self)
        router.throttled(
            by: try makeThrottle("1/min"),
            responses: ThrottleResponses(onThrottled: { decision, _, _ in
                Response(status: .serviceUnavailable, headers: [.retryAfter: "\(decision.retryAfterSeconds ?? 0)"])
            })
        ).get("/x") { _, _ in "x" }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/x", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/x", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "60")
            }
        }
    }
}
