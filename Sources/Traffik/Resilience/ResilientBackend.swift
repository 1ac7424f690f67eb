// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Logging

/// A backend in front of another that holds when the other fails: a real deadline on every call, a circuit
/// breaker that stops calling a store known to be bad, and an optional failover backend that decides meanwhile.
///
/// ```swift
/// let redis = try RedisBackend(url: "redis://10.0.0.7:6379")
/// let backend = ResilientBackend(
///     redis,
///     deadline: .milliseconds(50),
///     breaker: CircuitBreakerConfiguration(failureThreshold: 5, recoveryTime: .seconds(5)),
///     failover: InMemoryBackend(persistent: true)
/// )
/// let throttle = try Throttle<String>(uid: "api", rate: "100/min", backend: .fixed(backend))
/// ```
///
/// While the breaker is closed every decision goes to the primary; a decision that fails or passes its deadline
/// goes to the failover (or, with none, to the throttle's error policy as a ``BackendError``). Once the breaker
/// opens, the primary is not called at all: decisions come from the failover at once, until probes find the
/// primary answering again, and then they return to it by themselves.
///
/// What a client's budget is across a switch: the failover keeps its own counters, so while it decides a client
/// starts from whatever the failover holds for it (nothing, on a first outage), and when the primary is back the
/// client continues from the primary's state as it was, less what has drained since; nothing is copied between
/// them. An in-memory failover counts per process: with N server processes failed over at once, a client can be
/// admitted up to N times its limit until the primary is back. A refusal never becomes an admission because of
/// the switch alone within one process's failover, and the primary's state is never reset by it.
public final class ResilientBackend: ThrottleBackend {
    /// The backend that normally decides.
    public let primary: any ThrottleBackend
    /// The backend that decides while the primary fails, if any.
    public let failover: (any ThrottleBackend)?
    /// The breaker in front of the primary.
    public let breaker: CircuitBreaker?
    /// The longest a call to the primary may take before it counts as a timeout.
    public let deadline: Duration?
    /// The refusals remembered so that refused clients cost no round trip until their wait ends, if any.
    public let denyCache: DenyCache?

    public var namespace: String { primary.namespace }
    public var isPersistent: Bool { primary.isPersistent }
    public let errorPolicy: ErrorPolicy?
    public var kind: String { primary.kind }

    private let logger: Logger

    /// Creates the backend.
    ///
    /// - Parameters:
    ///   - primary: The backend that normally decides.
    ///   - deadline: The longest a call to the primary may take; `nil` relies on the primary's own timeouts.
    ///   - breaker: The breaker's configuration; `nil` for none (every call then tries the primary).
    ///   - failover: The backend that decides while the primary fails; `nil` leaves that to the error policy.
    ///   - denyCache: Remembers refusals, so a client refused until some time is refused locally until then.
    ///   - clock: The breaker's clock (inject ``ManualClock`` in tests).
    ///   - errorPolicy: The policy for throttles that set none; by default the primary's.
    ///   - logger: Where breaker changes and failovers are logged.
    public init(
        _ primary: any ThrottleBackend,
        deadline: Duration? = nil,
        breaker: CircuitBreakerConfiguration? = CircuitBreakerConfiguration(),
        failover: (any ThrottleBackend)? = nil,
        denyCache: DenyCache? = nil,
        clock: any ThrottleClock = SystemClock(),
        errorPolicy: ErrorPolicy? = nil,
        logger: Logger = Logger(label: "traffik")
    ) {
        self.primary = primary
        self.failover = failover
        self.deadline = deadline
        self.denyCache = denyCache
        self.breaker = breaker.map {
            CircuitBreaker(
                name: "\(primary.kind):\(primary.namespace)",
                configuration: $0,
                clock: clock,
                logger: logger
            )
        }
        self.errorPolicy = errorPolicy ?? primary.errorPolicy
        self.logger = logger
    }

    // MARK: Lifecycle

    /// Starts the failover, then the primary through the breaker. A primary that cannot start yet is not an
    /// error when there is a failover: decisions go to the failover, and the primary starts itself on a later
    /// decision (a backend owns its start-up).
    public func start() async throws {
        try await failover?.start()
        do {
            try await callPrimary { try await self.primary.start() }
        } catch  where failover != nil {
            logger.warning(
                "primary backend did not start; deciding on the failover",
                metadata: ["backend": "\(primary.kind)", "error": "\(error)"]
            )
        }
    }

    public func close() async throws {
        var firstError: (any Error)?
        do { try await primary.close() } catch { firstError = error }
        do { try await failover?.close() } catch { firstError = firstError ?? error }
        if let firstError { throw firstError }
    }

    /// Resets the primary (through the breaker and deadline) and the failover.
    public func reset() async throws {
        denyCache?.removeAll()
        try await failover?.reset()
        try await callPrimary { try await self.primary.reset() }
    }

    // MARK: Deciding

    public func decide(key: String, strategy: Strategy, rate: Rate, cost: Int, commit: Bool) async throws -> Decision {
        // A rate the strategy cannot decide says nothing about the store's health: it fails here, not in the breaker.
        if let decision = try strategy.decisionWithoutStore(for: rate) { return decision }
        if let refusal = denyCache?.refusal(key: key, strategy: strategy, rate: rate, cost: cost) { return refusal }
        let decision = try await withFailover { backend in
            try await backend.decide(key: key, strategy: strategy, rate: rate, cost: cost, commit: commit)
        }
        denyCache?.remember(decision, key: key, strategy: strategy, rate: rate, cost: cost)
        return decision
    }

    // MARK: Internals

    /// Runs `operation` on the primary (within the deadline, through the breaker) and, when that fails
    /// in a way that says the store is unwell, on the failover.
    private func withFailover<Result: Sendable>(
        _ operation: @escaping @Sendable (any ThrottleBackend) async throws -> Result
    ) async throws -> Result {
        do {
            return try await callPrimary { try await operation(self.primary) }
        } catch let error where failover != nil && CircuitBreaker.isStoreFailure(error) {
            guard let failover else { throw error }
            return try await operation(failover)
        }
    }

    /// One call to the primary: through the breaker, within the deadline; the breaker's refusal and a passed
    /// deadline come out as ``BackendError``s (`unavailable` and `timeout`), with the original as `underlying`.
    private func callPrimary<Result: Sendable>(
        _ operation: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        let deadline = deadline
        let attempt: @Sendable () async throws -> Result = {
            guard let deadline else { return try await operation() }
            return try await withDeadline(deadline, operation: operation)
        }
        do {
            guard let breaker else { return try await attempt() }
            return try await breaker.run(attempt)
        } catch let error as DeadlineExceededError {
            throw BackendError(.timeout, "\(primary.kind) did not answer within \(error.timeout)", underlying: error)
        } catch let error as CircuitBreakerOpenError {
            throw BackendError(
                .unavailable,
                "\(primary.kind) is not called while its breaker is open",
                underlying: error
            )
        }
    }
}
