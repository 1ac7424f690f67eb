// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import PropertyBased
import Testing
@_spi(Backend) import Traffik

/// One of the eight built-in strategies with its parameters, and the capacity its invariants are stated with.
struct StrategyUnderTest: Sendable, CustomStringConvertible {
    enum Kind: String, Sendable, CaseIterable, CustomTestStringConvertible {
        case fixedWindow, slidingWindowCounter, slidingWindowLog
        case tokenBucket, tokenBucketWithDebt, leakyBucket, leakyBucketWithQueue, gcra

        static let windows: [Kind] = [.fixedWindow, .slidingWindowCounter, .slidingWindowLog]
        static let buckets: [Kind] = [.tokenBucket, .tokenBucketWithDebt, .leakyBucket, .leakyBucketWithQueue, .gcra]

        var testDescription: String { rawValue }
    }

    var kind: Kind
    /// The bucket size of the token buckets; `nil` for the rate's limit.
    var burst: Int? = nil
    /// The debt allowed by ``Kind/tokenBucketWithDebt``.
    var maxDebt: Int = 0
    /// The burst tolerance of ``Kind/gcra``.
    var toleranceMicroseconds: Int64 = 0

    var strategy: Strategy {
        switch kind {
        case .fixedWindow: .fixedWindow
        case .slidingWindowCounter: .slidingWindowCounter
        case .slidingWindowLog: .slidingWindowLog
        case .tokenBucket: .tokenBucket(burst: burst)
        case .tokenBucketWithDebt: .tokenBucketWithDebt(burst: burst, maxDebt: maxDebt)
        case .leakyBucket: .leakyBucket
        case .leakyBucketWithQueue: .leakyBucketWithQueue
        case .gcra: .gcra(burstTolerance: .microseconds(toleranceMicroseconds))
        }
    }

    var isWindow: Bool { Kind.windows.contains(kind) }

    /// The capacity in units scaled by the period: the most work that can pass at once is `capacityTicks / period`
    /// units. For GCRA this is `τ × limit + period`, which need not be a whole number of units.
    /// Every capacity is capped at ``Rate/maximumWork`` ticks, the most any backend counts exactly.
    func capacityTicks(_ rate: Rate) -> Int128 {
        min(uncappedCapacityTicks(rate), Int128(Rate.maximumWork))
    }

    private func uncappedCapacityTicks(_ rate: Rate) -> Int128 {
        let period = Int128(rate.periodMicroseconds)
        let limit = Int128(rate.limit)
        switch kind {
        case .fixedWindow, .slidingWindowCounter, .slidingWindowLog, .leakyBucket, .leakyBucketWithQueue:
            return limit * period
        case .tokenBucket:
            return Int128(burst ?? rate.limit) * period
        case .tokenBucketWithDebt:
            return Int128((burst ?? rate.limit) + maxDebt) * period
        case .gcra:
            return Int128(toleranceMicroseconds) * limit + period
        }
    }

    /// The largest cost ever admitted: `burst`, `burst + maxDebt`, the limit, or `1 + ⌊τ × limit / period⌋`.
    func capacity(_ rate: Rate) -> Int {
        Int(capacityTicks(rate) / Int128(rate.periodMicroseconds))
    }

    var description: String {
        switch kind {
        case .tokenBucket: "tokenBucket(burst: \(burst.map(String.init) ?? "nil"))"
        case .tokenBucketWithDebt: "tokenBucketWithDebt(burst: \(burst.map(String.init) ?? "nil"), maxDebt: \(maxDebt))"
        case .gcra: "gcra(burstTolerance: \(toleranceMicroseconds)µs)"
        default: kind.rawValue
        }
    }

    /// A random instance of `kind`, its parameters scaled to `rate`.
    static func random<R: RandomNumberGenerator>(_ kind: Kind, rate: Rate, using rng: inout R) -> Self {
        var subject = StrategyUnderTest(kind: kind)
        let limit = rate.limit
        switch kind {
        case .tokenBucket, .tokenBucketWithDebt:
            subject.burst = Bool.random(using: &rng) ? nil : Int.random(in: 1...(2 * limit), using: &rng)
            if kind == .tokenBucketWithDebt, Int.random(in: 0..<4, using: &rng) > 0 {
                subject.maxDebt = Int.random(in: 0...limit, using: &rng)
            }
        case .gcra:
            let period = rate.periodMicroseconds
            let interval = max(period / Int64(limit), 1)
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: subject.toleranceMicroseconds = 0
            case 1: subject.toleranceMicroseconds = Int64.random(in: 1...(3 * interval), using: &rng)
            default: subject.toleranceMicroseconds = Int64.random(in: 1...(3 * period), using: &rng)
            }
        default:
            break
        }
        return subject
    }
}

/// A random trace for one strategy: a rate, a start time and `(time step, cost)` pairs.
struct Scenario: Sendable, CustomStringConvertible {
    var subject: StrategyUnderTest
    var rate: Rate
    var start: Int64
    /// Microseconds since the previous step (negative when the clock steps back), and the cost.
    var steps: [(delta: Int64, cost: Int)]

    var strategy: Strategy { subject.strategy }
    var period: Int64 { rate.periodMicroseconds }
    var limit: Int64 { Int64(rate.limit) }
    var capacity: Int { subject.capacity(rate) }

    var description: String {
        let trace = steps.map { "(\($0.delta), \($0.cost))" }.joined(separator: ", ")
        return "\(subject) at \(rate) (\(rate.limit) per \(period)µs) from \(start): [\(trace)]"
    }

    /// Runs the trace from a fresh key.
    func replay() -> [TraceStep] {
        replayTrace(strategy, rate: rate, start: start, steps)
    }

    /// Random scenarios for the given strategies.
    ///
    /// - Parameters:
    ///   - kinds: The strategies to draw from.
    ///   - maxLimit: The largest limit drawn; periods are chosen so that no rate exceeds one unit per microsecond.
    ///   - length: The number of steps.
    ///   - stepsBack: Whether the clock may step backwards.
    static func generator(
        _ kinds: [StrategyUnderTest.Kind],
        maxLimit: Int = 1_000_000,
        length: ClosedRange<Int> = 10...50,
        stepsBack: Bool = false
    ) -> Generator<Scenario, Shrink.None<Scenario>> {
        Generator { rng in
            let rate = randomRate(maxLimit: maxLimit, using: &rng)
            let subject = StrategyUnderTest.random(kinds.randomElement(using: &rng)!, rate: rate, using: &rng)
            let capacity = subject.capacity(rate)
            // Start anywhere in a window, sometimes exactly on a boundary.
            let base: Int64 = 1_700_000_000_000_000
            let offset = Bool.random(using: &rng) ? 0 : Int64.random(in: 0..<rate.periodMicroseconds, using: &rng)
            let start = base - base % rate.periodMicroseconds + offset
            var steps = (0..<Int.random(in: length, using: &rng)).map { _ in
                (
                    delta: randomDelta(rate: rate, stepsBack: stepsBack, using: &rng),
                    cost: randomCost(capacity: capacity, using: &rng)
                )
            }
            if stepsBack {
                // The clock stays within the state bounds' tolerance of the latest time seen: a state further ahead
                // of the clock is, by design, a fresh key.
                let tolerance = StateBounds(now: start, rate: rate).tolerance
                var now = start
                var latest = start
                for index in steps.indices {
                    steps[index].delta = max(steps[index].delta, latest - tolerance - now)
                    now += steps[index].delta
                    latest = max(latest, now)
                }
            }
            return Scenario(subject: subject, rate: rate, start: start, steps: steps)
        }
    }

    /// A rate of at most one unit per microsecond (1,000,000 per second), with periods from a microsecond to a day,
    /// whose limit × period stays within ``Rate/maximumWork``.
    static func randomRate<R: RandomNumberGenerator>(maxLimit: Int, using rng: inout R) -> Rate {
        let period: Int64 =
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: Int64.random(in: 1...999, using: &rng)
            case 1: Int64.random(in: 1...999, using: &rng) * 1_000
            case 2: Int64.random(in: 1...120, using: &rng) * 1_000_000
            case 3: Int64.random(in: 1...86_400_000_000, using: &rng)
            default: [1_000_000, 60_000_000, 3_600_000_000, 86_400_000_000].randomElement(using: &rng)!
            }
        // At most one unit per microsecond, and within the exactly countable work of ``Rate/maximumWork``.
        let top = Int(min(Int64(maxLimit), period, Rate.maximumWork / period))
        let limit =
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: Int.random(in: 1...min(10, top), using: &rng)
            case 1: top
            default: Int.random(in: 1...top, using: &rng)
            }
        return try! Rate(limit: limit, period: .microseconds(period))
    }

    /// A time step: often none, often around the emission interval, sometimes whole periods.
    static func randomDelta<R: RandomNumberGenerator>(rate: Rate, stepsBack: Bool, using rng: inout R) -> Int64 {
        let period = rate.periodMicroseconds
        let interval = max(period / Int64(rate.limit), 1)
        if stepsBack, Int.random(in: 0..<4, using: &rng) == 0 {
            return -Int64.random(in: 1...(2 * period), using: &rng)
        }
        return switch Int.random(in: 0..<100, using: &rng) {
        case 0..<30: 0
        case 30..<40: 1
        case 40..<65: Int64.random(in: 1...(2 * interval), using: &rng)
        case 65..<88: Int64.random(in: 1...period, using: &rng)
        default: Int64.random(in: 1...(3 * period), using: &rng)
        }
    }

    /// A cost: sometimes zero, mostly small against `capacity`, sometimes above it.
    static func randomCost<R: RandomNumberGenerator>(capacity: Int, using rng: inout R) -> Int {
        switch Int.random(in: 0..<100, using: &rng) {
        case 0..<6: 0
        case 6..<30: 1
        case 30..<60: Int.random(in: 1...max(1, capacity / 4), using: &rng)
        case 60..<94: Int.random(in: 1...capacity, using: &rng)
        default: Int.random(in: (capacity + 1)...(2 * capacity + 1), using: &rng)
        }
    }
}

/// One decision of a replayed trace, with the state it was made on.
struct TraceStep {
    var time: Int64
    var cost: Int
    var transition: EncodedTransition

    var decision: Decision { transition.decision }
    var after: [UInt8] { transition.state }
    /// The cost consumed: the cost when admitted, else nothing.
    var admitted: Int64 { decision.isAllowed ? Int64(cost) : 0 }
}

/// Runs `strategy` over `steps` of `(microseconds since the previous step, cost)` from a fresh key at `start`,
/// carrying the encoded state from each decision to the next. Unlike ``run(_:rate:start:_:)``, it keeps
/// microsecond steps and every state, so properties can replay from any point.
func replayTrace(
    _ strategy: Strategy,
    rate: Rate,
    start: Int64,
    state initial: [UInt8]? = nil,
    _ steps: [(delta: Int64, cost: Int)]
) -> [TraceStep] {
    var now = start
    var state = initial
    var trace: [TraceStep] = []
    trace.reserveCapacity(steps.count)
    for (delta, cost) in steps {
        now += delta
        let transition = strategy.decide(encoded: state, now: now, rate: rate, cost: cost)
        trace.append(TraceStep(time: now, cost: cost, transition: transition))
        state = transition.state
    }
    return trace
}

/// `value` rounded down to a multiple of `period`, also for negative values.
func alignedStart(_ value: Int64, period: Int64) -> Int64 {
    let remainder = value % period
    return value - (remainder < 0 ? remainder + period : remainder)
}

/// The high-water mark of the clock at each step: the latest time seen so far.
func highWaterTimes(_ trace: [TraceStep]) -> [Int64] {
    var latest = Int64.min
    return trace.map { step in
        latest = max(latest, step.time)
        return latest
    }
}
