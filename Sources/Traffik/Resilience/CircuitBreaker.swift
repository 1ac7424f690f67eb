// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Logging
import Synchronization

/// Stops calling a store that keeps failing, so that no request waits on it, and tries it again after a while.
///
/// Every call goes through ``run(_:)``. After `failureThreshold` failures in a row the breaker opens: for
/// `recoveryTime` the store is not called at all and ``run(_:)`` throws ``CircuitBreakerOpenError`` at once, so a
/// caller can answer from a failover backend or its error policy without waiting. Then a few probe calls go
/// through; when enough succeed the breaker closes, and when one fails it opens again. Each change of state is
/// logged once.
///
/// ```swift
/// let breaker = CircuitBreaker(name: "redis-primary", configuration: .init(failureThreshold: 3))
/// let decision = try await breaker.run { try await redis.decide(key: key, strategy: .gcra(), rate: rate, cost: 1, commit: true) }
/// ```
public final class CircuitBreaker: Sendable {
    /// Where a breaker is.
    public enum State: Sendable, Hashable {
        /// Calls go to the store.
        case closed
        /// Calls are refused without reaching the store.
        case open
        /// A few probe calls go to the store; the rest are refused.
        case halfOpen
    }

    /// The name in log lines and errors, such as the store's address.
    public let name: String
    /// The thresholds and timing.
    public var configuration: CircuitBreakerConfiguration { machine.withLock { $0.configuration } }

    private let machine: Mutex<CircuitBreakerStateMachine>
    private let clock: any ThrottleClock
    private let countsAsFailure: @Sendable (any Error) -> Bool
    private let logger: Logger

    /// Creates a closed breaker.
    ///
    /// - Parameters:
    ///   - name: The name in log lines and errors.
    ///   - configuration: Thresholds and timing.
    ///   - clock: The source of "now" (inject ``ManualClock`` in tests).
    ///   - countsAsFailure: Which errors count against the store; by default ``isStoreFailure(_:)``.
    ///   - logger: Where changes of state are logged.
    public init(
        name: String,
        configuration: CircuitBreakerConfiguration = CircuitBreakerConfiguration(),
        clock: any ThrottleClock = SystemClock(),
        countsAsFailure: @escaping @Sendable (any Error) -> Bool = CircuitBreaker.isStoreFailure,
        logger: Logger = Logger(label: "traffik")
    ) {
        self.name = name
        self.machine = Mutex(CircuitBreakerStateMachine(configuration: configuration))
        self.clock = clock
        self.countsAsFailure = countsAsFailure
        self.logger = logger
    }

    /// The state now. An open breaker whose recovery time has passed reports ``State/halfOpen``.
    public var state: State {
        let now = clock.nowMicroseconds()
        return machine.withLock { machine in
            switch machine.state {
            case .closed: .closed
            case .open(let until): now >= until ? .halfOpen : .open
            case .halfOpen: .halfOpen
            }
        }
    }

    /// Runs `operation` unless the breaker refuses it, and learns from its result.
    ///
    /// - Throws: ``CircuitBreakerOpenError`` without calling `operation` while the breaker is open (or half-open
    ///   with every probe taken); otherwise whatever `operation` throws.
    public func run<Result: Sendable>(_ operation: () async throws -> Result) async throws -> Result {
        let (permission, change) = machine.withLock { $0.permission(now: clock.nowMicroseconds()) }
        report(change)
        guard case .call(let ticket) = permission else {
            if case .refuse(let until) = permission {
                throw CircuitBreakerOpenError(name: name, openUntilMicroseconds: until)
            }
            throw CircuitBreakerOpenError(name: name, openUntilMicroseconds: nil)
        }
        do {
            let result = try await operation()
            report(machine.withLock { $0.succeeded(ticket) })
            return result
        } catch {
            if error is CancellationError || !countsAsFailure(error) {
                machine.withLock { $0.abandoned(ticket) }
            } else {
                let now = clock.nowMicroseconds()
                report(machine.withLock { $0.failed(ticket, now: now) })
            }
            throw error
        }
    }

    /// The default for `countsAsFailure`: every error except cancellation and the ``BackendError`` kinds that
    /// say nothing about the store's health (a full in-memory table, lost compare-and-swap races, a lock held by
    /// another caller, a stored value of the wrong type).
    public static func isStoreFailure(_ error: any Error) -> Bool {
        if error is CancellationError { return false }
        guard let backendError = error as? BackendError else { return true }
        return ![.keyCapacity, .contention, .lockTimeout, .invalidValue].contains(backendError.kind)
    }

    private func report(_ change: CircuitBreakerStateMachine.Change?) {
        switch change {
        case .opened(let until):
            let seconds = Double(max(until &- clock.nowMicroseconds(), 0)) / 1_000_000
            logger.warning(
                "circuit breaker opened: the store is not called until it recovers",
                metadata: ["breaker": "\(name)", "recovery_seconds": "\(seconds)"]
            )
        case .halfOpened:
            logger.info("circuit breaker half-open: probing the store", metadata: ["breaker": "\(name)"])
        case .closed:
            logger.notice("circuit breaker closed: the store answers again", metadata: ["breaker": "\(name)"])
        case nil:
            break
        }
    }
}

/// A call refused by an open ``CircuitBreaker``: the store was not called.
public struct CircuitBreakerOpenError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The breaker's name.
    public let name: String
    /// When the breaker starts probing again, in microseconds since the Unix epoch; `nil` while it is half-open
    /// and every probe slot is taken.
    public let openUntilMicroseconds: Int64?

    public var description: String {
        "circuit breaker \(name) is open: the store was not called"
    }
}
