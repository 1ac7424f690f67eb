// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

extension Strategy {
    /// Checks that this strategy can decide `rate`, and that its parameters are in range.
    ///
    /// A throttle runs this when it is built with a fixed rate (so a bad combination fails there) and before every
    /// decision (so a computed rate or a strategy swapped in later fails that decision, through the error policy).
    /// Every backend runs it too, through ``decisionWithoutStore(for:)``.
    ///
    /// - ``SlidingWindowLog`` takes limits up to ``SlidingWindowLog/maximumLimit``: its state holds one entry per
    ///   admission time, and every decision reads the whole log (on Redis, inside the server's single thread).
    /// - ``TokenBucket`` and ``TokenBucketWithDebt`` need a burst of at least 1 and a debt of at least 0, ``GCRA`` a
    ///   tolerance of at least zero.
    ///
    /// - Throws: ``StrategyError`` naming the bound and what to use instead.
    public func validate(_ rate: Rate) throws(StrategyError) {
        func fail(_ reason: String, rate: Rate? = nil) -> StrategyError {
            StrategyError(strategy: name, rate: rate, reason: reason)
        }
        switch kind {
        case .slidingWindowLog:
            guard rate.isUnlimited || rate.limit <= SlidingWindowLog.maximumLimit else {
                throw fail(SlidingWindowLog.capExceeded, rate: rate)
            }
        case .tokenBucket(let bucket):
            if let burst = bucket.burst, burst < 1 { throw fail("the burst must be at least 1, got \(burst)") }
        case .tokenBucketWithDebt(let bucket):
            if let burst = bucket.burst, burst < 1 { throw fail("the burst must be at least 1, got \(burst)") }
            if bucket.maxDebt < 0 { throw fail("the debt must not be negative, got \(bucket.maxDebt)") }
        case .gcra(let gcra):
            if gcra.burstToleranceMicroseconds < 0 {
                throw fail("the burst tolerance must not be negative, got \(gcra.burstToleranceMicroseconds) µs")
            }
        case .fixedWindow, .slidingWindowCounter, .leakyBucket, .leakyBucketWithQueue, .custom:
            break
        }
    }

    /// What every backend checks before it touches its store, written once: an unlimited rate is allowed at once
    /// (the decision is returned), and a rate this strategy cannot decide fails as ``validate(_:)`` says. `nil`
    /// means the store decides.
    ///
    /// ```swift
    /// public func decide(key: String, strategy: Strategy, rate: Rate, cost: Int, commit: Bool) async throws -> Decision {
    ///     if let decision = try strategy.decisionWithoutStore(for: rate) { return decision }
    ///     return try await decideOnTheStore(key, strategy, rate, cost, commit)
    /// }
    /// ```
    @_spi(Backend) public func decisionWithoutStore(for rate: Rate) throws(StrategyError) -> Decision? {
        if rate.isUnlimited { return .unrestricted(.unlimited) }
        try validate(rate)
        return nil
    }

    /// ``validate(_:)`` as a throttle's error.
    func check(_ rate: Rate, uid: String) throws(ThrottleError) {
        do { try validate(rate) } catch { throw .invalidStrategy(uid: uid, error) }
    }
}
