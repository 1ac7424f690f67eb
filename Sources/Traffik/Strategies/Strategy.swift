// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// The strategy a throttle uses: one of the eight built-ins, or your own ``RateLimitAlgorithm``.
///
/// ```swift
/// Strategy.fixedWindow                       // the default
/// Strategy.slidingWindowCounter
/// Strategy.slidingWindowLog
/// Strategy.tokenBucket(burst: 20)
/// Strategy.tokenBucketWithDebt(maxDebt: 5)
/// Strategy.leakyBucket
/// Strategy.leakyBucketWithQueue
/// Strategy.gcra(burstTolerance: .milliseconds(500))
/// Strategy.custom(MyAlgorithm())
/// ```
public struct Strategy: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case fixedWindow(FixedWindow)
        case slidingWindowCounter(SlidingWindowCounter)
        case slidingWindowLog(SlidingWindowLog)
        case tokenBucket(TokenBucket)
        case tokenBucketWithDebt(TokenBucketWithDebt)
        case leakyBucket(LeakyBucket)
        case leakyBucketWithQueue(LeakyBucketWithQueue)
        case gcra(GCRA)
        case custom(AnyAlgorithm)
    }

    let kind: Kind

    /// Clock-aligned fixed windows (``FixedWindow``).
    public static let fixedWindow = Strategy(kind: .fixedWindow(FixedWindow()))
    /// Two weighted windows (``SlidingWindowCounter``).
    public static let slidingWindowCounter = Strategy(kind: .slidingWindowCounter(SlidingWindowCounter()))
    /// An exact log of admissions (``SlidingWindowLog``).
    public static let slidingWindowLog = Strategy(kind: .slidingWindowLog(SlidingWindowLog()))
    /// A leaky bucket (``LeakyBucket``).
    public static let leakyBucket = Strategy(kind: .leakyBucket(LeakyBucket()))
    /// A leaky bucket that schedules admitted requests (``LeakyBucketWithQueue``).
    public static let leakyBucketWithQueue = Strategy(kind: .leakyBucketWithQueue(LeakyBucketWithQueue()))

    /// A token bucket (``TokenBucket``) holding `burst` tokens, the rate's limit by default.
    public static func tokenBucket(burst: Int? = nil) -> Strategy {
        Strategy(kind: .tokenBucket(TokenBucket(burst: burst)))
    }

    /// A token bucket that may go `maxDebt` tokens into debt (``TokenBucketWithDebt``).
    public static func tokenBucketWithDebt(burst: Int? = nil, maxDebt: Int = 0) -> Strategy {
        Strategy(kind: .tokenBucketWithDebt(TokenBucketWithDebt(burst: burst, maxDebt: maxDebt)))
    }

    /// The generic cell rate algorithm (``GCRA``).
    public static func gcra(burstTolerance: Duration = .zero) -> Strategy {
        Strategy(kind: .gcra(GCRA(burstTolerance: burstTolerance)))
    }

    /// Your own algorithm. It runs atomically on every backend: under a lock in memory, by compare-and-swap on
    /// shared stores.
    public static func custom(_ algorithm: some RateLimitAlgorithm) -> Strategy {
        Strategy(kind: .custom(AnyAlgorithm(algorithm)))
    }

    /// Every built-in strategy with its default parameters, in declaration order.
    public static let builtIns: [Strategy] = [
        .fixedWindow, .slidingWindowCounter, .slidingWindowLog, .tokenBucket(), .tokenBucketWithDebt(),
        .leakyBucket, .leakyBucketWithQueue, .gcra(),
    ]

    /// Runs `visitor` with the concrete algorithm, so a backend can execute it without type erasure.
    @_spi(Backend) public func accept<Visitor: AlgorithmVisitor>(_ visitor: Visitor) -> Visitor.Result {
        switch kind {
        case .fixedWindow(let algorithm): visitor.visit(algorithm)
        case .slidingWindowCounter(let algorithm): visitor.visit(algorithm)
        case .slidingWindowLog(let algorithm): visitor.visit(algorithm)
        case .tokenBucket(let algorithm): visitor.visit(algorithm)
        case .tokenBucketWithDebt(let algorithm): visitor.visit(algorithm)
        case .leakyBucket(let algorithm): visitor.visit(algorithm)
        case .leakyBucketWithQueue(let algorithm): visitor.visit(algorithm)
        case .gcra(let algorithm): visitor.visit(algorithm)
        case .custom(let erased): erased.accept(visitor)
        }
    }

    /// The algorithm's name, such as `token-bucket`.
    public var name: String {
        accept(NameVisitor())
    }

    /// Decides with this strategy on a state held as bytes (the form every backend stores).
    ///
    /// - Returns: The decision, the new state's bytes, and its time to live in microseconds.
    @_spi(Backend) public func decide(encoded: [UInt8]?, now: Int64, rate: Rate, cost: Int) -> EncodedTransition {
        accept(EncodedDecisionVisitor(encoded: encoded, now: now, rate: rate, cost: cost))
    }

    /// Whether `encoded` holds a state of this strategy, within ``StateBounds`` at `now`, that is already as good as
    /// none (its time to live has run out). That is the one kind of stored value a check or a stat may delete: a
    /// value that does not decode, or that is out of bounds (another application's, a planted one), is left alone.
    @_spi(Backend) public func holdsExpiredState(_ encoded: [UInt8], now: Int64, rate: Rate) -> Bool {
        accept(ExpiredStateVisitor(encoded: encoded, now: now, rate: rate))
    }
}

extension Strategy: CustomStringConvertible {
    public var description: String { name }
}

/// A generic operation over a concrete algorithm, run by ``Strategy/accept(_:)``.
@_spi(Backend) public protocol AlgorithmVisitor {
    /// What the operation returns.
    associatedtype Result
    /// Runs the operation.
    func visit<Algorithm: RateLimitAlgorithm>(_ algorithm: Algorithm) -> Result
}

/// A decision with its state as bytes, for backends that store bytes.
@_spi(Backend) public struct EncodedTransition: Sendable {
    /// The answer.
    public var decision: Decision
    /// The state to store.
    public var state: [UInt8]
    /// The state's time to live in microseconds; at `0` or below the key may be deleted.
    public var ttlMicroseconds: Int64
}

struct NameVisitor: AlgorithmVisitor {
    func visit<Algorithm: RateLimitAlgorithm>(_ algorithm: Algorithm) -> String { algorithm.name }
}

struct EncodedDecisionVisitor: AlgorithmVisitor {
    let encoded: [UInt8]?
    let now: Int64
    let rate: Rate
    let cost: Int

    func visit<Algorithm: RateLimitAlgorithm>(_ algorithm: Algorithm) -> EncodedTransition {
        let state = encoded.flatMap { Algorithm.State.decode($0) }
        let transition = algorithm.decide(state, now: now, rate: rate, cost: cost)
        return EncodedTransition(
            decision: transition.decision,
            state: transition.state.encoded(),
            ttlMicroseconds: transition.ttlMicroseconds
        )
    }
}

struct ExpiredStateVisitor: AlgorithmVisitor {
    let encoded: [UInt8]
    let now: Int64
    let rate: Rate

    func visit<Algorithm: RateLimitAlgorithm>(_ algorithm: Algorithm) -> Bool {
        guard let state = Algorithm.State.decode(encoded) else { return false }
        if let bounded = state as? any BoundedState, !bounded.isWithin(StateBounds(now: now, rate: rate)) {
            return false
        }
        return algorithm.decide(state, now: now, rate: rate, cost: 0).ttlMicroseconds <= 0
    }
}

/// A type-erased algorithm, for ``Strategy/custom(_:)``.
struct AnyAlgorithm: Sendable, Hashable {
    private let base: any RateLimitAlgorithm

    init(_ algorithm: some RateLimitAlgorithm) {
        self.base = algorithm
    }

    func accept<Visitor: AlgorithmVisitor>(_ visitor: Visitor) -> Visitor.Result {
        visitor.visit(base)
    }

    static func == (lhs: AnyAlgorithm, rhs: AnyAlgorithm) -> Bool {
        func equals<A: RateLimitAlgorithm>(_ left: A) -> Bool { (rhs.base as? A) == left }
        return equals(lhs.base)
    }

    func hash(into hasher: inout Hasher) { base.hash(into: &hasher) }
}
