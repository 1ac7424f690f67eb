// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
import Traffik
import TraffikTestSupport

@Suite struct ThrottleConfigurationTests {
    let clock = ManualClock(microseconds: 1_700_000_040_000_000)  // on a whole minute

    @Test func aConfigurationStartsAtTheDefaults() {
        let configuration = Throttle<String>.Configuration(rate: "5/min")
        #expect(configuration.strategy == .fixedWindow)
        #expect(configuration.identifier == nil)
        #expect(configuration.budget == .perClient)
        #expect(configuration.minimumRetryAfter == nil)
        #expect(configuration.errorPolicy == nil)
        #expect(configuration.timeout == nil)
    }

    /// One value builds several throttles; each keeps its own budget.
    @Test func oneConfigurationBuildsSeveralThrottles() async throws {
        var configuration = Throttle<String>.Configuration(rate: "1/min", strategy: .tokenBucket())
        configuration.identifier = { $0 == "root" ? .exempt : .client($0.lowercased()) }
        let backend = InMemoryBackend(clock: clock)
        let first = try Throttle(uid: uniqueUID("first"), backend: .fixed(backend), configuration: configuration)
        let second = try Throttle(uid: uniqueUID("second"), backend: .fixed(backend), configuration: configuration)
        #expect(try await first.hit("Alice").isAllowed)
        #expect(try await !first.hit("alice").isAllowed)
        #expect(try await second.hit("ALICE").isAllowed)
        #expect(try await first.hit("root").reason == .exempt)
    }

    /// The configuration reads back as the throttle decides with it now: a string rate parsed, updates included.
    @Test func aThrottleReadsItsConfigurationBackWithItsUpdates() throws {
        var configuration = Throttle<String>.Configuration(rate: "5/min", cost: 2)
        configuration.budget = .perRoute
        configuration.timeout = .milliseconds(80)
        let throttle = try Throttle(
            uid: uniqueUID(),
            backend: .fixed(InMemoryBackend(clock: clock)),
            configuration: configuration
        )
        #expect(throttle.configuration.rate.fixedRate == (try .perMinute(5)))
        #expect(throttle.configuration.budget == .perRoute)
        #expect(throttle.configuration.timeout == .milliseconds(80))

        try throttle.update(rate: "7/s")
        throttle.update(strategy: .gcra())
        throttle.update(minimumRetryAfter: .seconds(3))
        let updated = throttle.configuration
        #expect(updated.rate.fixedRate == (try .perSecond(7)))
        #expect(updated.strategy == .gcra())
        #expect(updated.minimumRetryAfter == .seconds(3))
        #expect(updated.timeout == .milliseconds(80))
    }

    /// A timeout of zero or less would time every decision out: refused when the throttle is built.
    @Test(arguments: [Duration.zero, .milliseconds(-5)])
    func aTimeoutThatIsNotPositiveFailsAtConstruction(_ timeout: Duration) {
        var configuration = Throttle<String>.Configuration(rate: "5/min")
        configuration.timeout = timeout
        #expect(throws: ThrottleError.invalidTimeout(uid: "slow", timeout)) {
            try Throttle(uid: "slow", backend: .taskLocal, configuration: configuration, registry: ThrottleRegistry())
        }
        let error = ThrottleError.invalidTimeout(uid: "slow", timeout)
        #expect(error.code == .invalidTimeout)
        #expect("\(error)".contains("timeout must be positive"))
    }

    /// The short initialiser is the configuration's defaults.
    @Test func theShortInitialiserIsTheDefaultConfiguration() throws {
        let throttle = try Throttle<String>(
            uid: uniqueUID(),
            rate: "5/min",
            strategy: .slidingWindowCounter,
            cost: 3,
            backend: .taskLocal
        )
        let configuration = throttle.configuration
        #expect(configuration.strategy == .slidingWindowCounter)
        #expect(configuration.cost.fixedUnits == 3)
        #expect(configuration.errorPolicy == nil)
        #expect(configuration.identifier == nil)
    }
}
