// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import PropertyBased
import Testing
@_spi(Backend) import Traffik

/// A property every strategy has, checked on random traces (``Scenario``) of one strategy or on that strategy with
/// its default parameters. Each strategy's test file runs them all:
///
/// ```swift
/// @Test(arguments: StrategyProperty.allCases)
/// func holds(_ property: StrategyProperty) async throws { try await property.check(.tokenBucket) }
/// ```
enum StrategyProperty: String, CaseIterable, Sendable, CustomTestStringConvertible {
    // The wait of every refused request is exact: the same cost passes exactly that much later, and not a
    // microsecond sooner.
    //
    // Every strategy's admission is monotone in time when no request comes in between (window counts only leave
    // the window, buckets only drain), so "refused 1 µs earlier" means no earlier retry passes either. For the
    // window strategies the earlier retry falls in the same window (or, for the sliding counter, before the
    // previous window has faded enough), for the buckets before enough has drained.
    case retryAfterIsExact
    case retryAfterSecondsRoundsUp

    // `remaining` after an admitted request is exactly what still passes at the same instant.
    /// Counted one unit at a time, with limits small enough to count.
    case remainingCountsTheUnitRequestsThatStillPass
    /// For any limit: a cost of `remaining` passes and one more unit does not.
    case remainingIsTheLargestCostThatStillPasses

    // A request of cost 0 consumes nothing: it only asks whether one unit would pass.
    case zeroCostChangesNoLaterDecision
    case zeroCostAnswersForOneUnit

    // A cost above the capacity is refused for good and leaves no trace: later requests are decided exactly as if
    // it had never been made.
    case oversizedCostIsRefusedForGoodAndChangesNothing
    case theCapacityItselfPassesOnAFreshKey

    // A store clock that steps backwards never lets more through than the limit.
    //
    // Time a clock gives back is not time that passed: a decision at an earlier time than one already made is made
    // as if at the latest time seen (the clock's high-water mark). So the window and bucket invariants hold with
    // every request placed at the high-water mark, however often the clock steps back, as long as it stays within
    // the tolerance of ``StateBounds`` (the larger of one period and an hour) of that mark: a state further ahead of
    // the clock is taken for a planted one, and the key starts afresh (see `PlantedStateTests`).
    case invariantsHoldAtTheHighWaterMark
    /// After a step back, the wait of a refused request is still exact on the clock as it now reads.
    case retryAfterStaysExactAfterAStepBack
    /// The whole budget spent, then the clock steps back by any amount within the tolerance: nothing more passes
    /// until the clock is back where it was.
    case aSpentBudgetStaysSpentAfterAStepBack
    /// Within the tolerance (the larger of a period and an hour) a clock that stepped back keeps its state: a spent
    /// budget stays spent. Beyond it, the state is as good as planted, and the key starts afresh.
    case aSpentBudgetSurvivesAStepBackWithinTheTolerance

    // Once a transition's time to live has passed with no requests, its state is as good as no state: a backend
    // may evict the key without changing any later decision.
    //
    // This is what lets the in-memory backend expire keys lazily and evict them when full, and Redis and Memcached
    // store states with an expiry, without a client ever gaining budget from it.
    case anExpiredStateDecidesAsNoState
    case anExpiredStateDecidesAsNoStateWhenTheClockStepsBack
    /// A state still holding budget is not given up early: one microsecond before it expires, it differs from no
    /// state for some request.
    case aStateIsKeptWhileItMatters

    /// Every state a strategy writes during a trace decodes to a value that encodes to the same bytes.
    case writtenStatesRoundTrip
    /// Random bytes that do not start with a strategy's tag decode as no state: the strategy decides exactly as
    /// for a fresh key, then and afterwards.
    case garbageBehavesAsAFreshKey
    /// Bytes with the right tag and arbitrary fields (a corrupt or hostile stored value) never crash a strategy,
    /// and the decisions keep their shape.
    case corruptFieldsNeverCrash

    /// Times before the epoch: the window containing -1 µs is [-1 s, 0), and every wait is still enough.
    case timesBeforeTheEpochWork
    /// With a period shorter than the limit, the same instant repeated never refills.
    case theSameInstantRepeatedNeverRefills

    var testDescription: String { rawValue }

    /// Checks the property for `kind`.
    func check(_ kind: StrategyUnderTest.Kind) async throws {
        switch self {
        case .retryAfterIsExact: await Self.retryAfterIsExact(kind, stepsBack: false)
        case .retryAfterSecondsRoundsUp: await Self.retryAfterSecondsRoundsUp(kind)
        case .remainingCountsTheUnitRequestsThatStillPass: await Self.remainingCountsTheUnitRequests(kind)
        case .remainingIsTheLargestCostThatStillPasses: await Self.remainingIsTheLargestCost(kind)
        case .zeroCostChangesNoLaterDecision: await Self.zeroCostChangesNoLaterDecision(kind)
        case .zeroCostAnswersForOneUnit: await Self.zeroCostAnswersForOneUnit(kind)
        case .oversizedCostIsRefusedForGoodAndChangesNothing: await Self.oversizedCostChangesNothing(kind)
        case .theCapacityItselfPassesOnAFreshKey: await Self.theCapacityItselfPassesOnAFreshKey(kind)
        case .invariantsHoldAtTheHighWaterMark: await Self.invariantsHoldAtTheHighWaterMark(kind)
        case .retryAfterStaysExactAfterAStepBack: await Self.retryAfterIsExact(kind, stepsBack: true)
        case .aSpentBudgetStaysSpentAfterAStepBack: await Self.aSpentBudgetStaysSpentAfterAStepBack(kind)
        case .aSpentBudgetSurvivesAStepBackWithinTheTolerance: try Self.aSpentBudgetSurvivesAStepBack(kind)
        case .anExpiredStateDecidesAsNoState: await Self.anExpiredStateDecidesAsNoState(kind, stepsBack: false)
        case .anExpiredStateDecidesAsNoStateWhenTheClockStepsBack:
            await Self.anExpiredStateDecidesAsNoState(kind, stepsBack: true)
        case .aStateIsKeptWhileItMatters: await Self.aStateIsKeptWhileItMatters(kind)
        case .writtenStatesRoundTrip: await Self.writtenStatesRoundTrip(kind)
        case .garbageBehavesAsAFreshKey: await Self.garbageBehavesAsAFreshKey(kind)
        case .corruptFieldsNeverCrash: await Self.corruptFieldsNeverCrash(kind)
        case .timesBeforeTheEpochWork: try Self.timesBeforeTheEpochWork(kind)
        case .theSameInstantRepeatedNeverRefills: Self.theSameInstantRepeatedNeverRefills(kind)
        }
    }

    // MARK: Retry-after

    /// Without step backs the traces must reach refusals; with them, the wait is exact on the clock as it reads.
    private static func retryAfterIsExact(_ kind: StrategyUnderTest.Kind, stepsBack: Bool) async {
        var refusals = 0
        await propertyCheck(count: 100, input: Scenario.generator([kind], stepsBack: stepsBack)) { scenario in
            for step in scenario.replay() where step.decision.outcome == .throttled {
                refusals += 1
                let wait = step.decision.retryAfterMicroseconds
                try #require(wait >= 1)
                #expect(step.decision.retryAfter == .microseconds(wait))
                let retry = scenario.strategy.decide(
                    encoded: step.after,
                    now: step.time + wait,
                    rate: scenario.rate,
                    cost: step.cost
                )
                try #require(retry.decision.isAllowed, "cost \(step.cost) at \(step.time) waited \(wait) µs")
                let early = scenario.strategy.decide(
                    encoded: step.after,
                    now: step.time + wait - 1,
                    rate: scenario.rate,
                    cost: step.cost
                )
                try #require(
                    early.decision.outcome == .throttled,
                    "cost \(step.cost) at \(step.time) passed 1 µs before its wait of \(wait) µs"
                )
            }
        }
        if !stepsBack { #expect(refusals > 0) }
    }

    private static func retryAfterSecondsRoundsUp(_ kind: StrategyUnderTest.Kind) async {
        await propertyCheck(count: 30, input: Scenario.generator([kind])) { scenario in
            for step in scenario.replay() {
                switch step.decision.outcome {
                case .throttled:
                    let micros = step.decision.retryAfterMicroseconds
                    let seconds = try #require(step.decision.retryAfterSeconds)
                    #expect(Int64(seconds) * 1_000_000 >= micros && Int64(seconds - 1) * 1_000_000 < micros)
                case .allowed:
                    #expect(step.decision.retryAfterMicroseconds == 0 && step.decision.retryAfterSeconds == nil)
                case .exceedsCapacity:
                    #expect(step.decision.retryAfterSeconds == nil)
                }
            }
        }
    }

    // MARK: Remaining

    private static func remainingCountsTheUnitRequests(_ kind: StrategyUnderTest.Kind) async {
        await propertyCheck(count: 40, input: Scenario.generator([kind], maxLimit: 40, length: 5...25)) { scenario in
            for step in scenario.replay() where step.decision.isAllowed {
                var state = step.after
                var passed = 0
                while true {
                    let next = scenario.strategy.decide(encoded: state, now: step.time, rate: scenario.rate, cost: 1)
                    guard next.decision.isAllowed else { break }
                    state = next.state
                    passed += 1
                    try #require(passed <= scenario.capacity, "more unit requests passed than the capacity")
                }
                try #require(passed == step.decision.remaining, "cost \(step.cost) at \(step.time)")
            }
        }
    }

    private static func remainingIsTheLargestCost(_ kind: StrategyUnderTest.Kind) async {
        await propertyCheck(count: 60, input: Scenario.generator([kind])) { scenario in
            for step in scenario.replay() where step.decision.isAllowed {
                let remaining = step.decision.remaining
                try #require(remaining >= 0 && remaining <= scenario.capacity)
                if remaining > 0 {
                    let all = scenario.strategy.decide(
                        encoded: step.after,
                        now: step.time,
                        rate: scenario.rate,
                        cost: remaining
                    )
                    try #require(all.decision.isAllowed, "a cost of remaining (\(remaining)) was refused")
                    #expect(all.decision.remaining == 0)
                }
                let more = scenario.strategy.decide(
                    encoded: step.after,
                    now: step.time,
                    rate: scenario.rate,
                    cost: remaining + 1
                )
                try #require(!more.decision.isAllowed, "a cost of remaining + 1 (\(remaining + 1)) passed")
            }
        }
    }

    // MARK: Zero cost

    private static func zeroCostChangesNoLaterDecision(_ kind: StrategyUnderTest.Kind) async {
        await propertyCheck(
            count: 80,
            input: Scenario.generator([kind]),
            Gen.int(in: 0...10_000).array(of: 1...4)
        ) { scenario, positions in
            var with = scenario
            var inserted = Array(repeating: false, count: scenario.steps.count)
            for position in positions {
                // Insert a cost-0 request among the steps, splitting a step's delta so that every step keeps its time.
                let index = position % (with.steps.count + 1)
                var delta: Int64 = 0
                if index < with.steps.count {
                    let whole = with.steps[index].delta
                    delta = whole <= 0 ? 0 : Int64(position) % (whole + 1)
                    with.steps[index].delta = whole - delta
                }
                with.steps.insert((delta: delta, cost: 0), at: index)
                inserted.insert(true, at: index)
            }
            let withZero = with.replay()
            let others = withZero.indices.filter { !inserted[$0] }.map { withZero[$0].decision }
            #expect(others == scenario.replay().map(\.decision))
        }
    }

    private static func zeroCostAnswersForOneUnit(_ kind: StrategyUnderTest.Kind) async {
        await propertyCheck(count: 60, input: Scenario.generator([kind])) { scenario in
            for step in scenario.replay() {
                let zero = scenario.strategy.decide(encoded: step.after, now: step.time, rate: scenario.rate, cost: 0)
                let one = scenario.strategy.decide(encoded: step.after, now: step.time, rate: scenario.rate, cost: 1)
                #expect(zero.decision.isAllowed == one.decision.isAllowed)
                if one.decision.isAllowed {
                    #expect(zero.decision.remaining == one.decision.remaining + 1)
                } else {
                    #expect(zero.decision.outcome == .throttled)
                    #expect(zero.decision.retryAfterMicroseconds == one.decision.retryAfterMicroseconds)
                    #expect(zero.decision.remaining == one.decision.remaining)
                }
            }
        }
    }

    // MARK: Exceeds capacity

    private static func oversizedCostChangesNothing(_ kind: StrategyUnderTest.Kind) async {
        await propertyCheck(
            count: 80,
            input: Scenario.generator([kind]),
            Gen.int(in: 0...10_000),
            Gen.int(in: 0...10_000)
        ) { scenario, position, excess in
            let capacity = scenario.capacity
            let cost = excess == 0 ? Int.max : capacity + 1 + excess % (2 * capacity)
            let (with, without, inserted) = scenario.inserting(cost: cost, at: position)
            let decision = with[inserted].decision
            #expect(decision.outcome == .exceedsCapacity, "cost \(cost) against a capacity of \(capacity)")
            #expect(decision.retryAfter == nil)
            #expect(decision.retryAfterMicroseconds == -1)
            #expect(decision.retryAfterSeconds == nil)
            #expect(decision.limit == capacity)
            #expect(!decision.isAllowed)
            var others = with
            others.remove(at: inserted)
            #expect(others.map(\.decision) == without.map(\.decision))
        }
    }

    private static func theCapacityItselfPassesOnAFreshKey(_ kind: StrategyUnderTest.Kind) async {
        await propertyCheck(count: 60, input: Scenario.generator([kind])) { scenario in
            let capacity = scenario.capacity
            let fresh = scenario.strategy.decide(encoded: nil, now: scenario.start, rate: scenario.rate, cost: capacity)
            #expect(fresh.decision.isAllowed)
            #expect(fresh.decision.remaining == 0)
            #expect(fresh.decision.limit == capacity)
            let over = scenario.strategy.decide(
                encoded: nil,
                now: scenario.start,
                rate: scenario.rate,
                cost: capacity + 1
            )
            #expect(over.decision.outcome == .exceedsCapacity)
        }
    }

    // MARK: Clock stepping back

    private static func invariantsHoldAtTheHighWaterMark(_ kind: StrategyUnderTest.Kind) async {
        var stepsBack = 0
        await propertyCheck(count: 150, input: Scenario.generator([kind], stepsBack: true)) { scenario in
            let trace = scenario.replay()
            stepsBack += scenario.steps.count { $0.delta < 0 }
            #expect(scenario.limitViolation(trace, times: highWaterTimes(trace)) == nil)
        }
        #expect(stepsBack > 0)
    }

    private static func aSpentBudgetStaysSpentAfterAStepBack(_ kind: StrategyUnderTest.Kind) async {
        await propertyCheck(
            count: 60,
            input: Scenario.generator([kind], length: 1...1),
            Gen.int64(in: 0...1_000_000_000_000).array(of: 1...6)
        ) { scenario, backs in
            let capacity = scenario.capacity
            let spent = scenario.strategy.decide(encoded: nil, now: scenario.start, rate: scenario.rate, cost: capacity)
            try #require(spent.decision.isAllowed)
            var state = spent.state
            let tolerance = StateBounds(now: scenario.start, rate: scenario.rate).tolerance
            for back in backs {
                // Anywhere before the time the budget was spent, by up to the tolerance.
                let now = scenario.start - 1 - back % tolerance
                let next = scenario.strategy.decide(encoded: state, now: now, rate: scenario.rate, cost: 1)
                try #require(next.decision.outcome == .throttled, "a unit passed \(scenario.start - now) µs back")
                state = next.state
            }
        }
    }

    private static func aSpentBudgetSurvivesAStepBack(_ kind: StrategyUnderTest.Kind) throws {
        let strategy = StrategyUnderTest(kind: kind).strategy
        let now: Int64 = 1_700_000_000_000_000
        let rate = try Rate.perMinute(5)
        let tolerance = StateBounds(now: now, rate: rate).tolerance
        #expect(tolerance == StateBounds.clockStepBackTolerance)
        let capacity = strategy.decide(encoded: nil, now: now, rate: rate, cost: 0).decision.limit
        let spent = strategy.decide(encoded: nil, now: now + tolerance, rate: rate, cost: capacity)
        #expect(spent.decision.isAllowed)
        let within = strategy.decide(encoded: spent.state, now: now, rate: rate, cost: 1)
        #expect(within.decision.outcome == .throttled)
        let beyond = strategy.decide(encoded: spent.state, now: now - 60_000_000, rate: rate, cost: 1)
        #expect(beyond.decision.isAllowed)
    }

    // MARK: State lifetime

    private static func anExpiredStateDecidesAsNoState(_ kind: StrategyUnderTest.Kind, stepsBack: Bool) async {
        await propertyCheck(
            count: 60,
            input: Scenario.generator([kind], length: 5...30, stepsBack: stepsBack),
            Gen.int64(in: 0...3)
        ) { scenario, extra in
            let trace = scenario.replay()
            for (index, step) in trace.enumerated() {
                // From the moment the state expires (or 1 µs, or up to two periods, later), the rest of the trace
                // with the clock running forward.
                let wait = [0, 1, scenario.period, 2 * scenario.period][Int(extra)]
                let expiry = step.time + max(step.transition.ttlMicroseconds, 0) + wait
                let rest =
                    [(delta: Int64(0), cost: step.cost)]
                    + scenario.steps.dropFirst(index + 1).prefix(6).map { (delta: max($0.delta, 0), cost: $0.cost) }
                let kept = replayTrace(
                    scenario.strategy,
                    rate: scenario.rate,
                    start: expiry,
                    state: step.after,
                    rest
                )
                let evicted = replayTrace(scenario.strategy, rate: scenario.rate, start: expiry, rest)
                try #require(
                    kept.map(\.decision) == evicted.map(\.decision),
                    "state after step \(index) (ttl \(step.transition.ttlMicroseconds) µs) still mattered"
                )
            }
        }
    }

    private static func aStateIsKeptWhileItMatters(_ kind: StrategyUnderTest.Kind) async {
        await propertyCheck(count: 60, input: Scenario.generator([kind], length: 5...30)) { scenario in
            for step in scenario.replay() where step.transition.ttlMicroseconds > 0 {
                let now = step.time + step.transition.ttlMicroseconds - 1
                let kept = scenario.strategy.decide(encoded: step.after, now: now, rate: scenario.rate, cost: 0)
                let evicted = scenario.strategy.decide(encoded: nil, now: now, rate: scenario.rate, cost: 0)
                try #require(
                    kept.decision != evicted.decision,
                    "ttl \(step.transition.ttlMicroseconds) at \(step.time)"
                )
            }
        }
    }

    // MARK: State encoding

    private static func writtenStatesRoundTrip(_ kind: StrategyUnderTest.Kind) async {
        await propertyCheck(count: 40, input: Scenario.generator([kind])) { scenario in
            for step in scenario.replay() {
                #expect(kind.reencoded(step.after) == step.after)
            }
        }
    }

    private static func garbageBehavesAsAFreshKey(_ kind: StrategyUnderTest.Kind) async {
        await propertyCheck(
            count: 60,
            input: Scenario.generator([kind], length: 1...10),
            Gen.uint8().array(of: 0...40)
        ) { scenario, garbage in
            let tag = kind.formatTag
            let bytes = garbage.first == tag ? [tag &+ 1] + garbage.dropFirst() : garbage
            #expect(kind.reencoded(bytes) == nil)
            let fromGarbage = replayTrace(
                scenario.strategy,
                rate: scenario.rate,
                start: scenario.start,
                state: bytes,
                scenario.steps
            )
            let fresh = scenario.replay()
            #expect(fromGarbage.map(\.decision) == fresh.map(\.decision))
            #expect(fromGarbage.map(\.after) == fresh.map(\.after))
            #expect(fromGarbage.map(\.transition.ttlMicroseconds) == fresh.map(\.transition.ttlMicroseconds))
        }
    }

    private static func corruptFieldsNeverCrash(_ kind: StrategyUnderTest.Kind) async {
        let extremes: [Int64] = [.min, .min + 1, -1, 0, 1, .max - 1, .max, 1_700_000_000_000_000]
        let field = Generator { rng in
            Bool.random(using: &rng)
                ? extremes.randomElement(using: &rng)! : Int64.random(in: .min ... .max, using: &rng)
        }
        await propertyCheck(
            count: 150,
            input: Scenario.generator([kind], length: 1...6),
            field.array(of: 0...7)
        ) { scenario, fields in
            var writer = StateWriter()
            writer.bytes.append(kind.formatTag)
            for value in fields { writer.write(value) }
            for step in replayTrace(
                scenario.strategy,
                rate: scenario.rate,
                start: scenario.start,
                state: writer.bytes,
                scenario.steps
            ) {
                let decision = step.decision
                #expect(decision.remaining >= 0 && decision.remaining <= decision.limit)
                #expect(decision.resetAfterMicroseconds >= 0)
                switch decision.outcome {
                case .allowed: #expect(decision.retryAfterMicroseconds == 0)
                case .throttled: #expect(decision.retryAfterMicroseconds >= 1)
                case .exceedsCapacity: #expect(decision.retryAfterMicroseconds == -1)
                }
            }
        }
    }

    // MARK: Edges of time

    private static func timesBeforeTheEpochWork(_ kind: StrategyUnderTest.Kind) throws {
        let strategy = StrategyUnderTest(kind: kind).strategy
        let rate = try Rate.perSecond(2)
        // The window containing -1 µs is [-1 s, 0).
        let trace = replayTrace(strategy, rate: rate, start: -1, [(0, 1), (0, 1), (0, 1)])
        #expect(trace.contains { $0.decision.outcome == .throttled })
        for step in trace where step.decision.outcome == .throttled {
            let retry = strategy.decide(
                encoded: step.after,
                now: step.time + step.decision.retryAfterMicroseconds,
                rate: rate,
                cost: step.cost
            )
            #expect(retry.decision.isAllowed)
        }
        if strategy == .fixedWindow { #expect(trace[2].decision.retryAfterMicroseconds == 1) }
    }

    private static func theSameInstantRepeatedNeverRefills(_ kind: StrategyUnderTest.Kind) {
        let strategy = StrategyUnderTest(kind: kind).strategy
        let rate = try! Rate(limit: 5, period: .microseconds(3))
        let trace = replayTrace(strategy, rate: rate, start: 1_700_000_000_000_000, Array(repeating: (0, 1), count: 50))
        #expect(trace.count { $0.decision.isAllowed } == (strategy == .gcra() ? 1 : 5))
    }
}

extension StrategyUnderTest.Kind {
    /// The format tag of the state this strategy writes.
    var formatTag: UInt8 {
        switch self {
        case .fixedWindow: FixedWindow.State.formatTag
        case .slidingWindowCounter: SlidingWindowCounter.State.formatTag
        case .slidingWindowLog: SlidingWindowLog.State.formatTag
        default: BucketState.formatTag
        }
    }

    /// Decodes `bytes` as this strategy's state type and encodes the result again; `nil` when they do not decode.
    func reencoded(_ bytes: [UInt8]) -> [UInt8]? {
        switch self {
        case .fixedWindow: FixedWindow.State.decode(bytes)?.encoded()
        case .slidingWindowCounter: SlidingWindowCounter.State.decode(bytes)?.encoded()
        case .slidingWindowLog: SlidingWindowLog.State.decode(bytes)?.encoded()
        default: BucketState.decode(bytes)?.encoded()
        }
    }
}
