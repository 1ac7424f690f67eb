// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// The logic of a ``CircuitBreaker``, with no clock, lock or I/O of its own: each event is a `mutating` call that
/// takes the time and returns what the caller must do.
///
/// - Closed: every call goes to the store; a success clears the failure count, and `failureThreshold` failures in
///   a row open the breaker.
/// - Open: no call goes to the store until `recoveryTime` has passed; then the breaker is half-open.
/// - Half-open: at most `probes` calls at once go to the store as probes, the others are refused; a failed probe
///   opens the breaker again, and `successThreshold` successful probes in a row close it.
///
/// Results of calls that were let through in an earlier state (a call that started while closed and fails after
/// the breaker opened) change nothing: only the state that let a call through may learn from it.
struct CircuitBreakerStateMachine: Sendable {
    /// Where the breaker is.
    enum State: Sendable, Hashable {
        case closed(failures: Int)
        case open(until: Int64)
        case halfOpen(probesInFlight: Int, successes: Int)
    }

    /// What a caller may do now.
    enum Permission: Sendable, Hashable {
        /// Call the store.
        case call(Ticket)
        /// Do not call the store; the breaker is open until the given time (microseconds), or half-open with
        /// every probe slot taken (`nil`).
        case refuse(openUntil: Int64?)
    }

    /// Which state let a call through, handed back with its result.
    struct Ticket: Sendable, Hashable {
        let generation: UInt64
        let isProbe: Bool
    }

    /// A change of state, for a log line or a metric: reported once, by the event that caused it.
    enum Change: Sendable, Hashable {
        case opened(until: Int64)
        case halfOpened
        case closed
    }

    let configuration: CircuitBreakerConfiguration
    private(set) var state: State = .closed(failures: 0)
    /// Counts the states entered, so a result can be matched to the state that let its call through.
    private var generation: UInt64 = 0

    init(configuration: CircuitBreakerConfiguration) {
        self.configuration = configuration
    }

    /// Asks whether a call may go to the store at `now`.
    mutating func permission(now: Int64) -> (Permission, Change?) {
        var change: Change?
        if case .open(let until) = state {
            guard now >= until else { return (.refuse(openUntil: until), nil) }
            enter(.halfOpen(probesInFlight: 0, successes: 0))
            change = .halfOpened
        }
        switch state {
        case .closed:
            return (.call(Ticket(generation: generation, isProbe: false)), change)
        case .halfOpen(let inFlight, let successes):
            guard inFlight < configuration.probes else { return (.refuse(openUntil: nil), change) }
            state = .halfOpen(probesInFlight: inFlight + 1, successes: successes)
            return (.call(Ticket(generation: generation, isProbe: true)), change)
        case .open(let until):
            return (.refuse(openUntil: until), change)
        }
    }

    /// A call let through with `ticket` succeeded.
    mutating func succeeded(_ ticket: Ticket) -> Change? {
        guard ticket.generation == generation else { return nil }
        switch state {
        case .closed:
            state = .closed(failures: 0)
            return nil
        case .halfOpen(let inFlight, let successes):
            guard ticket.isProbe else { return nil }
            if successes + 1 >= configuration.successThreshold {
                enter(.closed(failures: 0))
                return .closed
            }
            state = .halfOpen(probesInFlight: max(inFlight - 1, 0), successes: successes + 1)
            return nil
        case .open:
            return nil
        }
    }

    /// A call let through with `ticket` failed at `now` in a way that counts against the store.
    mutating func failed(_ ticket: Ticket, now: Int64) -> Change? {
        guard ticket.generation == generation else { return nil }
        switch state {
        case .closed(let failures):
            guard failures + 1 >= configuration.failureThreshold else {
                state = .closed(failures: failures + 1)
                return nil
            }
            return open(now: now)
        case .halfOpen:
            guard ticket.isProbe else { return nil }
            return open(now: now)
        case .open:
            return nil
        }
    }

    /// A call let through with `ticket` ended without a verdict on the store (the caller was cancelled, or the
    /// error was the caller's own): a probe slot is given back, nothing is counted.
    mutating func abandoned(_ ticket: Ticket) {
        guard ticket.generation == generation, ticket.isProbe,
            case .halfOpen(let inFlight, let successes) = state
        else { return }
        state = .halfOpen(probesInFlight: max(inFlight - 1, 0), successes: successes)
    }

    private mutating func open(now: Int64) -> Change {
        let until = addClamped(now, configuration.recoveryMicroseconds)
        enter(.open(until: until))
        return .opened(until: until)
    }

    private mutating func enter(_ next: State) {
        state = next
        generation &+= 1
    }
}
