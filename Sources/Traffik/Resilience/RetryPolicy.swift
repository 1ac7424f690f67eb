// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// How often, and after what pause, a store operation is tried again after a failure that cannot have changed
/// anything on the store.
///
/// A rate limiter must never count one request twice, so a backend retries only failures that happened before the
/// store could have run the command: a connection that could not be opened (nothing was written), or a refusal the
/// store gives before running anything (Redis's `LOADING`, `BUSY`, `TRYAGAIN`, `READONLY`, `MASTERDOWN`,
/// `CLUSTERDOWN`). A command that timed out after it was written, or whose connection broke while it was in
/// flight, may have run: it is never retried. Which failures are safe is the backend's to say; the policy says how
/// many attempts and how far apart.
///
/// ```swift
/// // Up to 3 attempts, 10 ms then 20 ms apart (each less a random part, so that processes do not retry in step).
/// let retries = RetryPolicy(maximumAttempts: 3, backoff: .exponential(initial: .milliseconds(10)), jitter: .full)
/// let redis = RedisBackend(client: client, retries: retries)
/// ```
///
/// Retries happen inside the backend, so a ``ResilientBackend`` deadline or a throttle's `timeout` bounds them
/// with everything else; a breaker sees one failure per call, however many attempts it took.
public struct RetryPolicy: Sendable, Hashable {
    /// How the pause grows from one retry to the next.
    public enum Backoff: Sendable, Hashable {
        /// The same pause before every retry.
        case constant(Duration)
        /// `step` before the first retry, `2 × step` before the second, and so on.
        case linear(step: Duration)
        /// `initial` before the first retry, multiplied by `multiplier` (at least 1) for each one after.
        case exponential(initial: Duration, multiplier: Double = 2)
    }

    /// How much of each pause is drawn at random.
    public enum Jitter: Sendable, Hashable {
        /// The pause as the backoff says.
        case none
        /// A pause drawn evenly from zero to the backoff's (the spread that best breaks up a herd of retries).
        case full
        /// Half the backoff's pause, plus a random part of up to the other half.
        case equal
    }

    /// Attempts in all, the first one included; at least 1 (1 means no retry).
    public var maximumAttempts: Int {
        didSet { maximumAttempts = max(maximumAttempts, 1) }
    }
    /// How the pause grows.
    public var backoff: Backoff
    /// The longest pause before one retry, whatever the backoff says.
    public var maximumDelay: Duration {
        didSet { maximumDelay = max(maximumDelay, .zero) }
    }
    /// The random part of each pause.
    public var jitter: Jitter

    /// Creates a policy. Values below their minimum are read as the minimum (0 attempts is 1, a negative delay is
    /// zero), so a policy built from settings can never trap.
    ///
    /// - Parameters:
    ///   - maximumAttempts: Attempts in all, the first included.
    ///   - backoff: How the pause grows.
    ///   - maximumDelay: The cap on any one pause.
    ///   - jitter: The random part of each pause.
    public init(
        maximumAttempts: Int = 3,
        backoff: Backoff = .exponential(initial: .milliseconds(10)),
        maximumDelay: Duration = .milliseconds(200),
        jitter: Jitter = .full
    ) {
        self.maximumAttempts = max(maximumAttempts, 1)
        self.backoff = backoff
        self.maximumDelay = max(maximumDelay, .zero)
        self.jitter = jitter
    }

    /// No retries: every failure is returned as it happens.
    public static let none = RetryPolicy(maximumAttempts: 1)

    /// The pause before retry number `retry` (1 for the first retry) as the backoff says, before jitter: never
    /// negative, never above ``maximumDelay``, and never overflowing, whatever the numbers.
    public func delay(beforeRetry retry: Int) -> Duration {
        let retry = max(retry, 1)
        let cap = Double(maximumDelay.wholeMicroseconds)
        let microseconds: Double
        switch backoff {
        case .constant(let pause):
            microseconds = Double(pause.wholeMicroseconds)
        case .linear(let step):
            microseconds = Double(step.wholeMicroseconds) * Double(retry)
        case .exponential(let initial, let multiplier):
            let factor = multiplier.isFinite ? max(multiplier, 1) : 1
            // Past the cap after a few dozen steps at most; stop multiplying there.
            var value = Double(initial.wholeMicroseconds)
            for _ in 1..<min(retry, 64) where value < cap { value *= factor }
            microseconds = value
        }
        return .microseconds(Int64(min(max(microseconds, 0), cap)))
    }

    /// The pause before retry number `retry`, jitter applied, with randomness from `generator`.
    public func pause(beforeRetry retry: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let full = delay(beforeRetry: retry).wholeMicroseconds
        guard full > 0 else { return .zero }
        switch jitter {
        case .none:
            return .microseconds(full)
        case .full:
            return .microseconds(Int64.random(in: 0...full, using: &generator))
        case .equal:
            let half = full / 2
            return .microseconds(half + Int64.random(in: 0...(full - half), using: &generator))
        }
    }

    /// Runs `operation`, and again after a pause when it fails with an error `isSafeToRetry` accepts, up to
    /// ``maximumAttempts`` in all. Cancellation ends the pauses and is thrown at once.
    ///
    /// - Parameters:
    ///   - isSafeToRetry: Whether a failure cannot have changed anything on the store.
    ///   - sleep: How to pause (a test passes one that does not sleep).
    ///   - operation: One attempt.
    /// - Throws: The last attempt's error, or the first error that is not safe to retry.
    public func run<Result: Sendable>(
        isSafeToRetry: (any Error) -> Bool,
        sleep: (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        _ operation: () async throws -> Result
    ) async throws -> Result {
        var generator = SystemRandomNumberGenerator()
        var attempt = 1
        while true {
            do {
                return try await operation()
            } catch {
                guard attempt < maximumAttempts, !(error is CancellationError), isSafeToRetry(error) else {
                    throw error
                }
                try await sleep(pause(beforeRetry: attempt, using: &generator))
                attempt += 1
            }
        }
    }
}
