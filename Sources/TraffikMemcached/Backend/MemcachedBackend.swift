// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import Logging
public import ServiceLifecycle
@_spi(Backend) public import Traffik

/// A backend in Memcached: limits shared by every server process that talks to the same Memcached nodes.
///
/// **How each strategy decides.**
/// - ``Traffik/Strategy/fixedWindow`` is one round trip: an `ma` increment of a counter whose key names the
///   window, created on the window's first hit with the window's time to live. A refused hit gives its cost back
///   with a second `ma` (a refusal is two round trips; an admission one). If that second `ma` fails, the window
///   over-counts until it ends: fewer admissions, never more. The sliding-window counter is not done this way: it
///   weighs two windows, and no `ma` can refuse on a weighted sum.
/// - Every other strategy, built in or your own, is a compare-and-swap loop on the strategy's encoded state: `mg`
///   with its CAS token, the decision in Swift, then `ms` with `C` (or an add for a new key): two round trips when
///   uncontended. A write that loses a race reads again, after a short random pause, up to
///   ``compareAndSwapAttempts`` times, and then fails with ``Traffik/BackendError/Kind/contention`` for the
///   throttle's error policy. Within one backend, decisions on one key take turns, so only other processes can
///   race a write (``compareAndSwapStatistics`` counts the retries). A decision that leaves the state unchanged
///   writes nothing; a check (`commit: false`) is one `mg`.
///
/// Decisions are identical, field for field, to the in-memory backend's on the same clock, with one exception:
/// after the clock steps back across a window boundary, the in-memory fixed window keeps counting in the later
/// window, while the `ma` counter counts in the earlier window's key.
///
/// **Whose clock.** Memcached has no clock a client can read in a command, so decisions use the app server's
/// ``Traffik/ThrottleClock`` (``Traffik/SystemClock`` by default). App servers whose clocks disagree disagree on
/// the state: a fixed window starts at a different instant on each, and a bucket refills for the skew, so a server
/// whose clock runs ahead admits early, by up to the skew's worth of refill. Keep app servers on NTP; where skew
/// matters more than a round trip, use Redis, which decides on the server's clock.
///
/// **Keys.** Each decision touches one key, `namespace:{generation}:key` (the namespace escaped as
/// ``Traffik/KeyEncoding/namespace(_:)`` says, the whole made safe by ``MemcachedKey``), on the node
/// rendezvous hashing picks for it. ``reset()`` moves the namespace to a new generation instead of deleting keys,
/// which Memcached cannot list; the old keys expire with their time to live. Other backends of the namespace see a
/// reset within ``generationRefreshInterval``. No namespace reaches into another's keys, `shop` into `shop:eu`'s
/// included: an escaped namespace has no `{`, so each key's namespace is what comes before its first `:{`. Times
/// to live are rounded up to whole seconds (``MemcachedExpiry``).
/// Memcached evicts items under memory pressure: give it room, since an evicted state is a fresh budget.
///
/// ```swift
/// let client = MemcachedClient(configuration: MemcachedConfiguration(servers: [MemcachedServer(host: "cache")]))
/// let memcached = MemcachedBackend(client: client, namespace: "shop")
/// let throttle = try Throttle<String>(uid: "checkout", rate: "10/min", backend: .fixed(memcached))
/// ```
///
/// **Failures.** The client's failures come out as ``Traffik/BackendError``s (`unavailable`, `timeout`, `closed`,
/// `protocol`, `server`) with the ``MemcachedClientError`` or ``MemcachedServerError`` as `underlying`; a node
/// skipped by its breaker (``MemcachedConfiguration/nodeBreaker``) is `unavailable` at once.
///
/// Run it as a ServiceLifecycle `Service` to close its connections at shutdown, or call ``close()``.
public final class MemcachedBackend: KeyValueBackend, Service {
    /// The client the backend sends its commands through.
    public let client: MemcachedClient
    public let namespace: String
    public let isPersistent: Bool
    public let errorPolicy: ErrorPolicy?
    public var kind: String { "memcached" }

    /// How many times a compare-and-swap decision reads and tries again under contention before it fails.
    public let compareAndSwapAttempts: Int
    /// How long a cached namespace generation is used before it is read again.
    public var generationRefreshInterval: Duration { generation.refreshInterval }

    let clock: any ThrottleClock
    /// Whether time to live counts on a clock other than the real one (a test clock): states are then kept at
    /// least an hour of real time, which changes no decision, since a state past its time to live decides like none.
    let isVirtualClock: Bool
    let generation: NamespaceGeneration
    let counters = CompareAndSwapCounters()
    let turns = KeyQueue()
    private let gate = StartGate()
    let logger: Logger

    /// Creates a backend over a client.
    ///
    /// - Parameters:
    ///   - client: The Memcached client (its nodes, pools, timeouts and reconnects apply to every decision).
    ///   - namespace: The prefix of every key, so applications can share Memcached; ``reset()`` resets only it.
    ///   - persistent: Whether counters survive the end of the outermost task-local activation (default `true`).
    ///   - errorPolicy: The policy for throttles that set none.
    ///   - compareAndSwapAttempts: The reads and writes a compare-and-swap decision tries under contention (below
    ///     1 read as 1).
    ///   - generationRefreshInterval: How long the namespace generation is cached (see ``reset()``).
    ///   - clock: The source of "now" for every decision. A clock other than ``Traffik/SystemClock`` is taken for a
    ///     test clock: stored states then live at least an hour, since their time to live counts on that clock.
    ///   - logger: Where failed reads of the namespace generation are reported.
    public init(
        client: MemcachedClient,
        namespace: String = "traffik",
        persistent: Bool = true,
        errorPolicy: ErrorPolicy? = nil,
        compareAndSwapAttempts: Int = 32,
        generationRefreshInterval: Duration = .seconds(1),
        clock: any ThrottleClock = SystemClock(),
        logger: Logger = Logger(label: "traffik.memcached")
    ) {
        self.client = client
        self.namespace = namespace
        self.isPersistent = persistent
        self.errorPolicy = errorPolicy
        self.compareAndSwapAttempts = max(compareAndSwapAttempts, 1)  // below 1 is read as 1
        self.generation = NamespaceGeneration(namespace: namespace, refreshInterval: generationRefreshInterval)
        self.clock = clock
        self.isVirtualClock = !(clock is SystemClock)
        self.logger = logger
    }

    /// Creates a backend with a client of its own for a comma-separated list of `host[:port]` nodes.
    ///
    /// - Throws: ``MemcachedClientError`` for an address that cannot be read.
    public convenience init(
        servers: String,
        namespace: String = "traffik",
        persistent: Bool = true,
        errorPolicy: ErrorPolicy? = nil
    ) throws {
        self.init(
            client: MemcachedClient(configuration: try MemcachedConfiguration(servers: servers)),
            namespace: namespace,
            persistent: persistent,
            errorPolicy: errorPolicy
        )
    }

    /// How often compare-and-swap decisions have retried so far.
    public var compareAndSwapStatistics: CompareAndSwapStatistics {
        counters.snapshot
    }

    // MARK: Lifecycle

    /// Reads (or creates) the namespace generation, once, however many tasks ask at the same time.
    public func start() async throws {
        try await MemcachedFailure.run { try await self.startOnce() }
    }

    /// Reads the namespace generation unless it is read; the client's errors as they are.
    func startOnce() async throws {
        try await gate.run { _ = try await self.generation.current(self.client, logger: self.logger) }
    }

    public func close() async throws {
        await client.close()
        gate.reset()
    }

    /// Runs the client until graceful shutdown, then closes it.
    public func run() async throws {
        try await client.run()
    }

    /// Moves the namespace to a new generation: every key written before is abandoned (and expires with its time
    /// to live). Other backends of the namespace follow within ``generationRefreshInterval``.
    public func reset() async throws {
        try await MemcachedFailure.run { try await self.generation.bump(self.client) }
    }

    // MARK: Deciding

    public func decide(key: String, strategy: Strategy, rate: Rate, cost: Int, commit: Bool) async throws -> Decision {
        // A sliding-window log above its cap would not fit an item, and would read the whole log for each decision.
        if let decision = try strategy.decisionWithoutStore(for: rate) { return decision }
        return try await MemcachedFailure.run {
            try await self.startOnce()
            let storeKey = try await self.storeKey(key)
            if strategy.kernel(for: rate) == .fixedWindow {
                return try await self.countInWindow(storeKey, rate: rate, cost: cost, commit: commit)
            }
            return try await self.compareAndSwap(
                strategy,
                key: MemcachedKey(storeKey),
                rate: rate,
                cost: cost,
                commit: commit
            )
        }
    }

    // MARK: Keys and times to live

    /// `namespace:{generation}:key`, the namespace escaped.
    func storeKey(_ key: String) async throws -> String {
        "\(generation.namespacePrefix):{\(try await generation.current(client, logger: logger))}:\(key)"
    }

    /// A state's time to live in Memcached: its own, or at least an hour on a test clock.
    func expiry(microseconds: Int64) -> MemcachedExpiry {
        isVirtualClock && microseconds > 0
            ? MemcachedExpiry(microseconds: max(microseconds, StateBounds.virtualClockRetention))
            : MemcachedExpiry(microseconds: microseconds)
    }
}
