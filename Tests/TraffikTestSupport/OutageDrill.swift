// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Traffik

/// Load on a backend while its store fails: a few tasks decide on keys of their own, back to back, before, during
/// and after an outage, and every decision is recorded with how long it took and where the breaker in front of
/// the store stood when it began (a ``ResilientBackend``'s, or one of a client's own).
///
/// ```swift
/// let samples = try await OutageDrill(backend: backend).run {
///     server.freeze()
///     try await Task.sleep(for: .seconds(2))
///     server.thaw()
/// }
/// ```
public struct OutageDrill: Sendable {
    /// One decision of the drill.
    public struct Sample: Sendable {
        /// When it began, from the drill's start.
        public var offset: Duration
        /// How long it took.
        public var latency: Duration
        /// The breaker's state when it began.
        public var breaker: CircuitBreaker.State
        /// Whether it was made during the outage (after `fault` began, before it returned).
        public var duringOutage: Bool
        /// The error, if the decision failed (with a failover, none should).
        public var error: String?
    }

    /// The backend under load.
    public var backend: any ThrottleBackend
    /// The state of the breaker that guards the store.
    public var breakerState: @Sendable () -> CircuitBreaker.State
    /// The tasks deciding at once.
    public var workers: Int
    /// The pause between two decisions of one task.
    public var pause: Duration
    /// How long to run before the fault, and the longest to wait after it for the breaker to close.
    public var lead: Duration
    public var recoveryLimit: Duration

    /// A drill of a ``ResilientBackend``, watching its breaker.
    public init(
        backend: ResilientBackend,
        workers: Int = 4,
        pause: Duration = .milliseconds(2),
        lead: Duration = .milliseconds(300),
        recoveryLimit: Duration = .seconds(20)
    ) {
        self.init(
            backend: backend,
            breakerState: { backend.breaker?.state ?? .closed },
            workers: workers,
            pause: pause,
            lead: lead,
            recoveryLimit: recoveryLimit
        )
    }

    /// A drill of any backend, watching the breaker `breakerState` reads.
    public init(
        backend: any ThrottleBackend,
        breakerState: @escaping @Sendable () -> CircuitBreaker.State,
        workers: Int = 4,
        pause: Duration = .milliseconds(2),
        lead: Duration = .milliseconds(300),
        recoveryLimit: Duration = .seconds(20)
    ) {
        self.backend = backend
        self.breakerState = breakerState
        self.workers = workers
        self.pause = pause
        self.lead = lead
        self.recoveryLimit = recoveryLimit
    }

    /// Runs the load, runs `fault` after the lead time, and stops once the breaker has closed again after it (or
    /// at the recovery limit); returns every decision.
    public func run(fault: @escaping @Sendable () async throws -> Void) async throws -> [Sample] {
        let clock = ContinuousClock()
        let start = clock.now
        let phase = Shared(Phase.before)
        let samples = Shared([Sample]())
        let rate = try Rate(parsing: "1000000/h")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var index = 0
                    while phase.withLock({ $0 }) != .done {
                        index += 1
                        let began = clock.now
                        let state = breakerState()
                        let during = phase.withLock { $0 } == .outage
                        var failure: String?
                        do {
                            _ = try await backend.decide(
                                key: "drill-\(worker)-\(index % 50)",
                                strategy: .fixedWindow,
                                rate: rate,
                                cost: 1,
                                commit: true
                            )
                        } catch {
                            failure = "\(error)"
                        }
                        let sample = Sample(
                            offset: began - start,
                            latency: clock.now - began,
                            breaker: state,
                            duringOutage: during,
                            error: failure
                        )
                        samples.withLock { $0.append(sample) }
                        try await Task.sleep(for: pause)
                    }
                }
            }
            group.addTask {
                defer { phase.withLock { $0 = .done } }
                try await Task.sleep(for: lead)
                phase.withLock { $0 = .outage }
                try await fault()
                phase.withLock { $0 = .after }
                let limit = clock.now + recoveryLimit
                while breakerState() != .closed, clock.now < limit {
                    try await Task.sleep(for: .milliseconds(20))
                }
                // A little load on the closed breaker, so decisions back on the store are seen.
                try await Task.sleep(for: lead)
            }
            try await group.waitForAll()
        }
        return samples.withLock { $0 }
    }

    /// Whether a decision through `backend` lands on `store` within `seconds`: on a loaded machine a decision may
    /// pass its deadline and be decided by the failover, and a few of those open the breaker for its recovery time,
    /// so the tries go on, 50 ms apart, until one is made on the store. Each try decides a new key by GCRA, whose
    /// state is stored under the key itself, and looks for it on `store`.
    public static func decidesOnTheStore(
        _ backend: any ThrottleBackend,
        store: any KeyValueBackend,
        seconds: Int64 = 10
    ) async throws -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(seconds)
        var attempt = 0
        while clock.now < deadline {
            attempt += 1
            let key = "after-\(attempt)"
            _ = try await backend.decide(key: key, strategy: .gcra(), rate: .perMinute(10), cost: 1, commit: true)
            if try await store.get(key) != nil { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    /// The most probes a breaker with `recoveryTime` can let through in an outage of `outage`, and the recovery
    /// time after it: one per recovery time, and one more.
    public static func mostProbes(during outage: Duration, recoveryTime: Duration) -> Int {
        Int(((outage + recoveryTime) / recoveryTime).rounded(.up)) + 1
    }

    private enum Phase: Sendable {
        case before, outage, after, done
    }
}

extension [OutageDrill.Sample] {
    /// The longest latency among the samples, zero for none.
    public var longest: Duration { map(\.latency).max() ?? .zero }

    /// What the samples of a drill through an outage of `outage` show wrong, for a store that a decision waits on
    /// for at most `bound` (a deadline or a command timeout), behind a breaker with `recoveryTime`; one line each,
    /// empty when nothing is.
    ///
    /// - Every decision is answered: the failover answers every decision the store cannot.
    /// - None takes longer than `bound` plus `slack` (what a loaded machine may add before the caller runs again).
    /// - The breaker opened during the outage.
    /// - While it is open, the only calls that reach the store are its probes: at most one per recovery time (a
    ///   decision read as begun while open may become the probe when the recovery time ends under it). Every other
    ///   decision that waited on the stalled store would take the whole `bound`.
    public func wrongs(outage: Duration, bound: Duration, slack: Duration, recoveryTime: Duration) -> [String] {
        var wrongs: [String] = []
        let failed = filter { $0.error != nil }.count
        if failed > 0 { wrongs.append("\(failed) decisions failed; the failover should answer them") }
        if longest >= bound + slack {
            wrongs.append("a decision took \(longest), beyond \(bound) and \(slack) of slack")
        }
        let whileOpen = filter { $0.breaker == .open }
        if whileOpen.isEmpty { wrongs.append("the breaker never opened during the outage") }
        let probes = OutageDrill.mostProbes(during: outage, recoveryTime: recoveryTime)
        let waited = whileOpen.filter { $0.latency >= bound }.count
        if waited > probes {
            wrongs.append(
                "while the breaker was open \(waited) decisions waited on the store, not at most \(probes) probes"
            )
        }
        return wrongs
    }

    /// A one-line account for test output: decisions, errors, and the longest waits by breaker state.
    public var summary: String {
        func longest(while state: CircuitBreaker.State) -> Duration {
            filter { $0.breaker == state }.longest
        }
        return "\(count) decisions, \(filter { $0.error != nil }.count) errors; longest: \(self.longest) overall, "
            + "\(longest(while: .closed)) closed, \(longest(while: .open)) open, "
            + "\(longest(while: .halfOpen)) half-open"
    }
}
