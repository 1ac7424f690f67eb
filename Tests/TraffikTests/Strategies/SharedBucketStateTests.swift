// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import PropertyBased
import Testing
@_spi(Backend) import Traffik

/// The four bucket strategies and GCRA read and write the same ``BucketState``: a level of consumed work, in ticks of
/// `1 / period` units, and the time it was measured. Switching a throttle between them keeps what each client has
/// consumed; only the capacity that level is compared with changes. Switching to or from a window strategy starts
/// afresh, because the window states have other format tags.
@Suite struct SharedBucketStateTests {
    static let t0: Int64 = 1_700_000_000_000_000

    @Test func switchingKeepsTheLevel() throws {
        let rate = try Rate.perMinute(3)
        var state: [UInt8]?
        func hit(_ strategy: Strategy, after seconds: Int64 = 0, cost: Int = 1) -> Decision {
            let transition = strategy.decide(encoded: state, now: Self.t0 + seconds * 1_000_000, rate: rate, cost: cost)
            state = transition.state
            return transition.decision
        }
        // A token bucket of 3 spends all three tokens.
        #expect(hit(.tokenBucket(), cost: 3).remaining == 0)
        // The leaky bucket (also 3 units) sees a full bucket: one unit drains in 20 s.
        #expect(hit(.leakyBucket).retryAfterMicroseconds == 20_000_000)
        // With two units of debt allowed, the same level leaves room for two more.
        #expect(hit(.tokenBucketWithDebt(maxDebt: 2), cost: 2).isAllowed)
        // GCRA without tolerance holds one unit: the five consumed must drain to zero first, which takes 100 s.
        let gcra = hit(.gcra())
        #expect(gcra.outcome == .throttled && gcra.retryAfterMicroseconds == 100_000_000)
        #expect(gcra.remaining == 0)
        // A bigger token bucket has room for the difference: 10 − 5 units.
        #expect(hit(.tokenBucket(burst: 10), cost: 5).isAllowed)
        #expect(hit(.tokenBucket(burst: 10)).outcome == .throttled)
        // Time drains the level whichever strategy reads it: after 200 s ten units have drained.
        #expect(hit(.leakyBucketWithQueue, after: 200, cost: 3).isAllowed)
        #expect(BucketState.decode(state!) == BucketState(level: 3 * 60_000_000, updatedAt: Self.t0 + 200_000_000))
    }

    @Test func aLevelAboveTheNewCapacityWaitsUntilItFits() throws {
        let rate = try Rate.perSecond(10)
        // Ten units in a token bucket of 10, then a leaky bucket of 10 and GCRA holding 1 + 0.5 s × 10 = 6 units.
        let full = Strategy.tokenBucket().decide(encoded: nil, now: Self.t0, rate: rate, cost: 10)
        let gcra = Strategy.gcra(burstTolerance: .milliseconds(500))
        let refused = gcra.decide(encoded: full.state, now: Self.t0, rate: rate, cost: 1)
        #expect(refused.decision.outcome == .throttled)
        #expect(refused.decision.limit == 6 && refused.decision.remaining == 0)
        // 10 consumed + 1 must fit in 6: five units drain in 500 ms.
        #expect(refused.decision.retryAfterMicroseconds == 500_000)
        let later = gcra.decide(encoded: refused.state, now: Self.t0 + 500_000, rate: rate, cost: 1)
        #expect(later.decision.isAllowed)
    }

    @Test(arguments: [Strategy.fixedWindow, .slidingWindowCounter, .slidingWindowLog])
    func switchingToOrFromAWindowStrategyStartsAfresh(window: Strategy) throws {
        let rate = try Rate.perMinute(3)
        let spentWindow = window.decide(encoded: nil, now: Self.t0, rate: rate, cost: 3).state
        let spentBucket = Strategy.tokenBucket().decide(encoded: nil, now: Self.t0, rate: rate, cost: 3).state
        for bucket in [Strategy.tokenBucket(), .tokenBucketWithDebt(), .leakyBucket, .leakyBucketWithQueue, .gcra()] {
            let fromWindow = bucket.decide(encoded: spentWindow, now: Self.t0, rate: rate, cost: 1)
            let fresh = bucket.decide(encoded: nil, now: Self.t0, rate: rate, cost: 1)
            #expect(fromWindow.decision == fresh.decision)
        }
        let fromBucket = window.decide(encoded: spentBucket, now: Self.t0, rate: rate, cost: 3)
        #expect(fromBucket.decision == window.decide(encoded: nil, now: Self.t0, rate: rate, cost: 3).decision)
    }

    /// Switching among the five at random on one key, with one rate, never admits more than the largest capacity
    /// among them plus the refill.
    @Test func randomSwitchingStaysWithinTheLargestCapacity() async throws {
        let switching = Generator { rng in
            let scenario = Scenario.generator([.tokenBucket]).run(using: &rng)
            let subjects = StrategyUnderTest.Kind.buckets.map {
                StrategyUnderTest.random($0, rate: scenario.rate, using: &rng)
            }
            return (scenario, scenario.steps.map { _ in subjects.randomElement(using: &rng)! })
        }
        await propertyCheck(count: 120, input: switching) { scenario, strategies in
            var now = scenario.start
            var state: [UInt8]?
            var trace: [TraceStep] = []
            for ((delta, cost), subject) in zip(scenario.steps, strategies) {
                now += delta
                let transition = subject.strategy.decide(encoded: state, now: now, rate: scenario.rate, cost: cost)
                trace.append(TraceStep(time: now, cost: cost, transition: transition))
                state = transition.state
                #expect(BucketState.decode(transition.state) != nil)
            }
            var widest = scenario
            widest.subject = strategies.max { $0.capacityTicks(scenario.rate) < $1.capacityTicks(scenario.rate) }!
            #expect(widest.bucketLimitViolation(trace, times: trace.map(\.time)) == nil)
        }
    }

    /// The token bucket and the leaky bucket of the same size are one algorithm; the queue adds only its delays;
    /// GCRA with a tolerance of `limit − 1` emission intervals is the same bucket again.
    @Test func theBucketsAreOneAlgorithmWithDifferentCapacities() async throws {
        await propertyCheck(count: 80, input: Scenario.generator([.leakyBucket])) { scenario in
            var steps = scenario.steps
            steps.insert((delta: 0, cost: scenario.capacity), at: steps.count / 2)
            let reference = replayTrace(.leakyBucket, rate: scenario.rate, start: scenario.start, steps)
            var others: [Strategy] = [.tokenBucket(), .tokenBucket(burst: scenario.rate.limit), .tokenBucketWithDebt()]
            if scenario.period % scenario.limit == 0 {
                let interval = scenario.period / scenario.limit
                others.append(.gcra(burstTolerance: .microseconds((scenario.limit - 1) * interval)))
            }
            for other in others {
                let trace = replayTrace(other, rate: scenario.rate, start: scenario.start, steps)
                #expect(trace.map(\.decision) == reference.map(\.decision), "\(other)")
                #expect(trace.map(\.after) == reference.map(\.after), "\(other)")
            }
            let queue = replayTrace(.leakyBucketWithQueue, rate: scenario.rate, start: scenario.start, steps)
            var undelayed = queue.map(\.decision)
            for index in undelayed.indices { undelayed[index].delayMicroseconds = 0 }
            #expect(undelayed == reference.map(\.decision))
        }
    }
}
