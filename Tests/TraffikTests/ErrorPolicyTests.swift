// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
import Traffik
import TraffikTestSupport

@Suite struct ErrorPolicyTests {
    @Test func throttleIsTheDefault() async throws {
        let throttle = try Throttle<String>(uid: uniqueUID(), rate: "5/s", backend: .fixed(BrokenBackend()))
        let decision = try await throttle.hit("a")
        #expect(decision.outcome == .throttled)
        #expect(decision.reason == .errorPolicy)
        #expect(decision.retryAfter == .seconds(1))
    }

    @Test func allowRaiseAndCustom() async throws {
        var allowConfiguration = Throttle<String>.Configuration(rate: "5/s")
        allowConfiguration.errorPolicy = .allow
        let allow = try Throttle<String>(
            uid: uniqueUID(),
            backend: .fixed(BrokenBackend()),
            configuration: allowConfiguration
        )
        #expect(try await allow.hit("a").isAllowed)

        var raiseConfiguration = Throttle<String>.Configuration(rate: "5/s")
        raiseConfiguration.errorPolicy = .raise
        let raise = try Throttle<String>(
            uid: uniqueUID(),
            backend: .fixed(BrokenBackend()),
            configuration: raiseConfiguration
        )
        await #expect(throws: BackendError.self) { try await raise.hit("a") }

        var customConfiguration = Throttle<String>.Configuration(rate: "5/s")
        customConfiguration.errorPolicy = .custom { failure in
            #expect(failure.key.hasSuffix(":default:a"))
            #expect(failure.cost == 3)
            #expect(failure.backend?.kind == "broken")
            return .refused(.errorPolicy, retryAfter: .seconds(7), rate: failure.rate)
        }
        let custom = try Throttle<String>(
            uid: uniqueUID(),
            backend: .fixed(BrokenBackend()),
            configuration: customConfiguration
        )
        #expect(try await custom.hit("a", cost: 3).retryAfter == .seconds(7))
    }

    @Test func theThrottlesPolicyWinsOverTheBackends() async throws {
        let backend = BrokenBackend(errorPolicy: .allow)
        let inherits = try Throttle<String>(uid: uniqueUID(), rate: "5/s", backend: .fixed(backend))
        #expect(try await inherits.hit("a").isAllowed)
        var overridesConfiguration = Throttle<String>.Configuration(rate: "5/s")
        overridesConfiguration.errorPolicy = .throttle
        let overrides = try Throttle<String>(
            uid: uniqueUID(),
            backend: .fixed(backend),
            configuration: overridesConfiguration
        )
        #expect(try await !overrides.hit("a").isAllowed)
    }

    @Test func theBackendsPolicyHoldsWhenResolvedFromTheTask() async throws {
        // Python traffik ignores the backend's policy when the backend is found lazily.
        let throttle = try Throttle<String>(uid: uniqueUID(), rate: "5/s", backend: .taskLocal)
        let decision = try await withThrottleBackend(BrokenBackend(errorPolicy: .allow)) {
            try await throttle.hit("a")
        }
        #expect(decision.isAllowed)
        #expect(decision.reason == .errorPolicy)
    }

    @Test func aHangingBackendGivesUpAtTheTimeout() async throws {
        var configuration = Throttle<String>.Configuration(rate: "5/s")
        configuration.errorPolicy = .throttle(retryAfter: .seconds(2))
        configuration.timeout = .milliseconds(50)
        let throttle = try Throttle<String>(
            uid: uniqueUID(),
            backend: .fixed(BrokenBackend(.hang)),
            configuration: configuration
        )
        let decision = try await throttle.hit("a")
        #expect(decision.reason == .errorPolicy)
        #expect(decision.retryAfter == .seconds(2))

        var raisingConfiguration = Throttle<String>.Configuration(rate: "5/s")
        raisingConfiguration.errorPolicy = .raise
        raisingConfiguration.timeout = .milliseconds(50)
        let raising = try Throttle<String>(
            uid: uniqueUID(),
            backend: .fixed(BrokenBackend(.hang)),
            configuration: raisingConfiguration
        )
        await #expect(throws: ThrottleError.timeout(uid: raising.uid, after: .milliseconds(50))) {
            try await raising.hit("a")
        }
    }

    /// A command in flight on a stalled connection ignores cancellation; the throttle still answers at its
    /// timeout instead of waiting for the command (it used to wait for ever here).
    @Test func aStalledBackendThatIgnoresCancellationStillAnswersAtTheTimeout() async throws {
        let backend = BrokenBackend(.stall)
        var configuration = Throttle<String>.Configuration(rate: "5/s")
        configuration.errorPolicy = .throttle(retryAfter: .seconds(3))
        configuration.timeout = .milliseconds(50)
        let throttle = try Throttle<String>(uid: uniqueUID(), backend: .fixed(backend), configuration: configuration)
        let decision = try await withTimeout(seconds: 30) { try await throttle.hit("a") }
        #expect(decision.reason == .errorPolicy)
        #expect(decision.retryAfter == .seconds(3))
        // The command is still parked: the throttle did not wait for it. Let it go.
        try await waitUntil { backend.stalledCount > 0 }
        backend.release()
    }

    /// A custom policy sees what was asked, not only what failed: the input and the strategy in force.
    @Test func aCustomPolicySeesTheInputAndTheStrategy() async throws {
        var configuration = Throttle<String>.Configuration(rate: "5/s", strategy: .slidingWindowCounter)
        configuration.errorPolicy = .custom { failure in
            #expect(failure.strategy == .slidingWindowCounter)
            #expect(failure.cost == 2)
            return failure.input as? String == "internal-job"
                ? .unrestricted(.errorPolicy)
                : .refused(.errorPolicy, retryAfter: .seconds(1), rate: failure.rate)
        }
        let throttle = try Throttle<String>(
            uid: uniqueUID(),
            backend: .fixed(BrokenBackend()),
            configuration: configuration
        )
        #expect(try await throttle.hit("internal-job", cost: 2).isAllowed)
        #expect(try await throttle.hit("someone", cost: 2).isAllowed == false)
    }

    /// A custom policy gets the throttle itself, so it can decide elsewhere with the same settings: here on a
    /// local backend standing in for the broken one.
    @Test func aCustomPolicyCanDecideElsewhereWithTheThrottle() async throws {
        let standIn = InMemoryBackend(persistent: true)
        var configuration = Throttle<String>.Configuration(rate: "2/min")
        configuration.errorPolicy = .custom { failure in
            guard let throttle = failure.throttle as? Throttle<String> else { throw failure.error }
            return try await standIn.decide(
                key: throttle.key(client: failure.input as? String ?? ""),
                strategy: failure.strategy,
                rate: failure.rate,
                cost: failure.cost,
                commit: true
            )
        }
        let throttle = try Throttle<String>(
            uid: uniqueUID(),
            backend: .fixed(BrokenBackend()),
            configuration: configuration
        )
        #expect(try await throttle.hit("a").isAllowed)
        #expect(try await throttle.hit("a").isAllowed)
        #expect(try await throttle.hit("a").isAllowed == false, "the stand-in counted with the throttle's rate")
    }
}
