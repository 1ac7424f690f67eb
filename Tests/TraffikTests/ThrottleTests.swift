// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
import Traffik
import TraffikTestSupport

/// A request as the tests see it: a client, a route and a method.
struct FakeRequest: ThrottleInput {
    var client: String
    var route: String = "/items"
    var method: String = "GET"
    var premium = false

    var throttleIdentity: Identity { .client(client) }
    var throttleRoute: String? { route }
    var throttleMethod: String? { method }
}

@Suite struct ThrottleTests {
    let clock = ManualClock(microseconds: 1_700_000_040_000_000)  // on a whole minute
    var backend: InMemoryBackend { InMemoryBackend(clock: clock) }

    @Test func admitsTheLimitThenThrottlesWithAnExactWait() async throws {
        let throttle = try Throttle<String>(uid: uniqueUID(), rate: "3/min", backend: .fixed(backend))
        for _ in 0..<3 {
            #expect(try await throttle.hit("alice").isAllowed)
        }
        let refused = try await throttle.hit("alice")
        #expect(refused.outcome == .throttled)
        #expect(refused.retryAfter == .seconds(60))
        #expect(refused.retryAfterSeconds == 60)
        #expect(refused.limit == 3)
        #expect(refused.remaining == 0)
        // Another client has a budget of its own.
        #expect(try await throttle.hit("bob").isAllowed)
    }

    /// A backend owns its start-up: a throttle never starts it, and 100 first hits at once start it once.
    @Test func aFixedBackendStartsItselfOnceOnTheFirstHits() async throws {
        let counting = CountingBackend(clock: clock)
        let throttle = try Throttle<String>(uid: uniqueUID(), rate: "1000/min", backend: .fixed(counting))
        #expect(counting.snapshot.starts == 0)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<100 { group.addTask { try await throttle.hit("c\(index)") } }
            try await group.waitForAll()
        }
        #expect(counting.snapshot.starts == 1)
        #expect(counting.snapshot.startCalls == 0)
        #expect(counting.snapshot.decisions == 100)
    }

    @Test func buildingFailsOnBadInput() {
        #expect(throws: ThrottleError.emptyUID) { try Throttle<String>(uid: "", rate: "1/s", backend: .taskLocal) }
        #expect {
            try Throttle<String>(uid: "bad-rate", rate: "5/fortnight", backend: .taskLocal)
        } throws: { error in
            guard let error = error as? ThrottleError, let rateError = error.rateError else { return false }
            let uid = error.uid
            return uid == "bad-rate" && rateError.part == .unit && "\(error)".contains("fortnight")
        }
        #expect(throws: ThrottleError.negativeCost(uid: "neg", cost: -1)) {
            try Throttle<String>(uid: "neg", rate: "1/s", cost: -1, backend: .taskLocal)
        }
    }

    @Test func uidsAreUniqueWhileTheThrottleLives() throws {
        let registry = ThrottleRegistry()
        var first: Throttle<String>? = try Throttle<String>(
            uid: "api",
            rate: "1/s",
            backend: .taskLocal,
            registry: registry
        )
        #expect(throws: ThrottleError.duplicateUID("api")) {
            try Throttle<String>(uid: "api", rate: "1/s", backend: .taskLocal, registry: registry)
        }
        #expect(registry.contains("api"))
        #expect(first != nil)
        first = nil
        #expect(!registry.contains("api"))
        let second = try Throttle<String>(uid: "api", rate: "1/s", backend: .taskLocal, registry: registry)
        #expect(second.uid == "api")
    }

    @Test func oneBudgetPerClientAcrossRoutesByDefault() async throws {
        let throttle = try Throttle<FakeRequest>(uid: uniqueUID(), rate: "2/min", backend: .fixed(backend))
        #expect(try await throttle.hit(FakeRequest(client: "a", route: "/x")).isAllowed)
        #expect(try await throttle.hit(FakeRequest(client: "a", route: "/y", method: "POST")).isAllowed)
        #expect(try await !throttle.hit(FakeRequest(client: "a", route: "/z")).isAllowed)
    }

    @Test func budgetsSplitByRouteAndMethodOnRequest() async throws {
        var perRouteConfiguration = Throttle<FakeRequest>.Configuration(rate: "1/min")
        perRouteConfiguration.budget = .perRoute
        let perRoute = try Throttle<FakeRequest>(
            uid: uniqueUID(),
            backend: .fixed(backend),
            configuration: perRouteConfiguration
        )
        #expect(try await perRoute.hit(FakeRequest(client: "a", route: "/x")).isAllowed)
        #expect(try await perRoute.hit(FakeRequest(client: "a", route: "/y")).isAllowed)
        #expect(try await !perRoute.hit(FakeRequest(client: "a", route: "/x", method: "POST")).isAllowed)

        var perMethodConfiguration = Throttle<FakeRequest>.Configuration(rate: "1/min")
        perMethodConfiguration.budget = .perRouteAndMethod
        let perMethod = try Throttle<FakeRequest>(
            uid: uniqueUID(),
            backend: .fixed(backend),
            configuration: perMethodConfiguration
        )
        #expect(try await perMethod.hit(FakeRequest(client: "a", route: "/x")).isAllowed)
        #expect(try await perMethod.hit(FakeRequest(client: "a", route: "/x", method: "POST")).isAllowed)
        #expect(try await !perMethod.hit(FakeRequest(client: "a", route: "/x")).isAllowed)
    }

    @Test func scopesKeepSeparateBudgets() async throws {
        let throttle = try Throttle<String>(uid: uniqueUID(), rate: "1/min", backend: .fixed(backend))
        #expect(try await throttle.hit("a", scope: "connect").isAllowed)
        #expect(try await throttle.hit("a", scope: "messages").isAllowed)
        #expect(try await !throttle.hit("a", scope: "messages").isAllowed)
    }

    @Test func costsFixedComputedAndPerCall() async throws {
        let fixed = try Throttle<String>(uid: uniqueUID(), rate: "10/min", cost: 4, backend: .fixed(backend))
        #expect(try await fixed.hit("a").remaining == 6)
        #expect(try await fixed.hit("a", cost: 1).remaining == 5)

        let computed = try Throttle<FakeRequest>(
            uid: uniqueUID(),
            rate: "10/min",
            cost: .computed { $0.method == "POST" ? 5 : 1 },
            backend: .fixed(backend)
        )
        #expect(try await computed.hit(FakeRequest(client: "a", method: "POST")).remaining == 5)
        #expect(try await computed.hit(FakeRequest(client: "a")).remaining == 4)
    }

    @Test func zeroCostTouchesNothingAndNegativeCostIsAnError() async throws {
        let counting = CountingBackend(clock: clock)
        let throttle = try Throttle<String>(uid: uniqueUID(), rate: "1/min", backend: .fixed(counting))
        let free = try await throttle.hit("a", cost: 0)
        #expect(free.isAllowed)
        #expect(free.reason == .zeroCost)
        let computedZero = try Throttle<String>(
            uid: uniqueUID(),
            rate: "1/min",
            cost: .computed { _ in 0 },
            backend: .fixed(counting)
        )
        #expect(try await computedZero.hit("a").reason == .zeroCost)
        #expect(counting.snapshot.decisions == 0)
        await #expect(throws: ThrottleError.negativeCost(uid: throttle.uid, cost: -2)) {
            try await throttle.hit("a", cost: -2)
        }
    }

    @Test func exemptClientsTouchNoState() async throws {
        let store = backend
        var configuration = Throttle<String>.Configuration(rate: "1/min")
        configuration.identifier = { $0.hasPrefix("admin") ? .exempt : .client($0) }
        let throttle = try Throttle<String>(uid: uniqueUID(), backend: .fixed(store), configuration: configuration)
        for _ in 0..<10 {
            let decision = try await throttle.hit("admin-1")
            #expect(decision.isAllowed)
            #expect(decision.reason == .exempt)
        }
        #expect(store.keyCount == 0)
        #expect(try await throttle.stat("admin-1").reason == .exempt)
    }

    @Test func checkAndStatConsumeNothing() async throws {
        let throttle = try Throttle<String>(uid: uniqueUID(), rate: "2/min", backend: .fixed(backend))
        #expect(try await throttle.check("a", cost: 2))
        #expect(try await !throttle.check("a", cost: 3))
        let fresh = try await throttle.stat("a")
        #expect(fresh.remaining == 2 && fresh.limit == 2 && fresh.isAllowed)
        try await throttle.hit("a", cost: 2)
        let spent = try await throttle.stat("a")
        #expect(spent.remaining == 0)
        #expect(spent.outcome == .throttled)
        #expect(spent.retryAfter == .seconds(60))
        #expect(try await !throttle.check("a"))
    }

    @Test func computedRatesWorkWithHitCheckAndStat() async throws {
        // Python traffik's stat() and check() fail on rate functions; here they resolve the rate like hit() does.
        let throttle = try Throttle<FakeRequest>(
            uid: uniqueUID(),
            rate: .computed { try $0.premium ? .perMinute(5) : .perMinute(1) },
            backend: .fixed(backend)
        )
        let premium = FakeRequest(client: "p", premium: true)
        #expect(try await throttle.stat(premium).limit == 5)
        #expect(try await throttle.check(premium, cost: 5))
        #expect(try await throttle.hit(premium).remaining == 4)
        let basic = FakeRequest(client: "b")
        #expect(try await throttle.stat(basic).limit == 1)
        #expect(try await throttle.hit(basic).isAllowed)
        #expect(try await !throttle.hit(basic).isAllowed)

        let unlimitedForGet = try Throttle<FakeRequest>(
            uid: uniqueUID(),
            rate: .computed { try $0.method == "GET" ? .unlimited : .perMinute(1) },
            backend: .fixed(backend)
        )
        for _ in 0..<5 {
            #expect(try await unlimitedForGet.hit(FakeRequest(client: "a")).reason == .unlimited)
        }
    }

    @Test func minimumWaitAppliesOnlyToThrottledRequests() async throws {
        // Python traffik applies its minimum wait before deciding, so every request is throttled.
        var configuration = Throttle<String>.Configuration(rate: "1/s")
        configuration.minimumRetryAfter = .seconds(5)
        let throttle = try Throttle<String>(uid: uniqueUID(), backend: .fixed(backend), configuration: configuration)
        let first = try await throttle.hit("a")
        #expect(first.isAllowed)
        #expect(first.retryAfter == .zero)
        let second = try await throttle.hit("a")
        #expect(second.retryAfter == .seconds(5))
    }

    @Test func disableEnableAndTheRegistrySwitch() async throws {
        let registry = ThrottleRegistry()
        let throttle = try Throttle<String>(uid: "switch", rate: "1/min", backend: .fixed(backend), registry: registry)
        try await throttle.hit("a")
        throttle.disable()
        #expect(try await throttle.hit("a").reason == .disabled)
        throttle.enable()
        #expect(try await !throttle.hit("a").isAllowed)
        registry.disableAll()
        #expect(throttle.isDisabled)
        #expect(try await throttle.hit("a").isAllowed)
        registry.enableAll()
        #expect(try await !throttle.hit("a").isAllowed)
        #expect(registry.disable("switch"))
        #expect(!registry.disable("missing"))
        #expect(throttle.isDisabled)
        #expect(registry.enable("switch"))
        #expect(registry.uids == ["switch"])
    }

    @Test func runtimeUpdates() async throws {
        let throttle = try Throttle<String>(uid: uniqueUID(), rate: "1/min", backend: .fixed(backend))
        try await throttle.hit("a")
        #expect(try await !throttle.hit("a").isAllowed)
        try throttle.update(rate: "3/min")
        #expect(try await throttle.hit("a").isAllowed)
        #expect(throws: ThrottleError.self) { try throttle.update(rate: "3/lightyear") }
        #expect(try await throttle.stat("a").limit == 3)
        try throttle.update(cost: 2)
        #expect(try await !throttle.hit("a").isAllowed)
        #expect(throws: ThrottleError.self) { try throttle.update(cost: -1) }
        throttle.update(strategy: .tokenBucket(burst: 10))
        #expect(throttle.strategy == .tokenBucket(burst: 10))
        #expect(try await throttle.hit("a").remaining == 8)
    }
}
