// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// The compare-and-swap loop a shared store runs to decide with a strategy of its own (or any strategy, on a store
/// with no scripts): read the state, decide, write only if the state is unchanged, and start over when another
/// writer got there first. Written once, so every store retries contention the same way.
///
/// Between attempts the loop pauses for a random time (full jitter), doubling from 0.1 ms up to 20 ms, so the
/// writers of a hot key spread out instead of colliding again. After the last attempt it fails with
/// ``BackendError/Kind/contention``, which the throttle's error policy answers.
///
/// ```swift
/// let decision = try await CompareAndSwap.run(key: key, attempts: 16) {
///     let (bytes, version) = try await store.read(key)
///     let transition = strategy.decide(encoded: bytes, now: now, rate: rate, cost: cost)
///     return try await store.write(transition.state, to: key, ifVersion: version) ? transition.decision : nil
/// }
/// ```
@_spi(Backend) public enum CompareAndSwap {
    /// The pauses between the attempts of `attempts` in all (below 1 read as 1).
    public static func pauses(attempts: Int) -> RetryPolicy {
        RetryPolicy(
            maximumAttempts: attempts,
            backoff: .exponential(initial: .microseconds(100)),
            maximumDelay: .milliseconds(20),
            jitter: .full
        )
    }

    /// Runs `attempt` until it returns a decision (its write went through, or nothing needed writing), up to
    /// `attempts` times; `attempt` returns `nil` when another writer changed the state first.
    ///
    /// - Parameters:
    ///   - key: The key, for the error's message.
    ///   - attempts: Attempts in all (below 1 read as 1).
    ///   - onRetry: Called before each attempt after the first (for statistics).
    ///   - sleep: How to pause (a test passes one that does not sleep).
    ///   - attempt: One read, decision and conditional write.
    /// - Throws: ``BackendError/Kind/contention`` when every attempt lost; whatever `attempt` throws.
    public static func run(
        key: String,
        attempts: Int,
        onRetry: () -> Void = {},
        sleep: (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        _ attempt: () async throws -> Decision?
    ) async throws -> Decision {
        let policy = pauses(attempts: attempts)
        var generator = SystemRandomNumberGenerator()
        for number in 1...policy.maximumAttempts {
            if number > 1 {
                onRetry()
                try await sleep(policy.pause(beforeRetry: number - 1, using: &generator))
            }
            if let decision = try await attempt() { return decision }
        }
        throw BackendError(.contention, "\(policy.maximumAttempts) compare-and-swap attempts on \(key) all lost")
    }
}
