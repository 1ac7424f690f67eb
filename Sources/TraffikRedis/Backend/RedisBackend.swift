// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import Logging
public import ServiceLifecycle
import Synchronization
@_spi(Backend) public import Traffik

/// A backend in Redis: limits shared by every server process that talks to the same Redis.
///
/// Each built-in strategy decides in one round trip: an `EVALSHA` of its Lua twin, which reads the server's clock
/// (`TIME`, so app servers with skewed clocks still agree), makes the decision and writes the state with its time
/// to live. Scripts load at start and again by themselves after `NOSCRIPT` (a `SCRIPT FLUSH`, a fail-over).
/// Strategies of your own run by compare-and-swap on their encoded state. Each decision touches one key, written
/// as `namespace:{key}` so that a Redis Cluster keeps it in one slot.
///
/// ```swift
/// let redis = try RedisBackend(url: "redis://localhost:6379/0", namespace: "shop")
/// let throttle = try Throttle<String>(uid: "checkout", rate: "10/min", backend: .fixed(redis))
/// ```
///
/// On a Redis Cluster, give it a ``RedisClusterClient``: each decision goes to the primary of its key's slot, and
/// ``reset()`` scans every primary.
///
/// ```swift
/// let cluster = try RedisBackend(clusterURLs: ["redis://10.0.0.7:7000", "redis://10.0.0.8:7000"], namespace: "shop")
/// ```
///
/// Failures of the client come out as ``Traffik/BackendError``s (`unavailable`, `timeout`, `closed`, `protocol`,
/// `server`) with the ``RedisClientError`` or ``RedisServerError`` as `underlying`, so error policies and breakers
/// need not import this module. A failure that cannot have run the command (no connection could be opened; a
/// `LOADING`, `BUSY`, `TRYAGAIN`, `READONLY` refusal) is retried as ``retries`` says; one that may have run (a
/// command timeout, a connection lost mid-command) never is, so a request is never counted twice.
///
/// Run it as a ServiceLifecycle `Service` (with Hummingbird, `Application(services: [redis])`) to close its
/// connections at shutdown, or call ``close()``.
public final class RedisBackend: KeyValueBackend, Service {
    /// The client the backend sends its commands through: a ``RedisClient``, a ``RedisClusterClient`` or a
    /// ``RedisSentinelClient``.
    public let client: any RedisCommandSender
    public let namespace: String
    public let isPersistent: Bool
    public let errorPolicy: ErrorPolicy?
    public var kind: String { "redis" }

    /// How many times a compare-and-swap decision is tried under contention before it fails, with a random pause
    /// between attempts (``Traffik/CompareAndSwap``).
    public let compareAndSwapAttempts: Int
    /// How failures that cannot have run a command are retried.
    public let retries: RetryPolicy

    private let clock: (any ThrottleClock)?
    private let gate = StartGate()
    private let shas = Mutex<[RedisScript: String]>([:])
    private let logger: Logger

    /// Creates a backend over a client.
    ///
    /// - Parameters:
    ///   - client: The Redis client (its pool, timeouts and reconnects apply to every decision): a ``RedisClient``
    ///     for one server, a ``RedisClusterClient`` for a cluster.
    ///   - namespace: The prefix of every key, so applications can share one Redis; ``reset()`` removes only it.
    ///   - persistent: Whether counters survive the end of the outermost task-local activation (default `true`).
    ///   - errorPolicy: The policy for throttles that set none.
    ///   - compareAndSwapAttempts: The retries of a user-written strategy under contention (below 1 read as 1).
    ///   - retries: How failures that cannot have run a command are retried (``Traffik/RetryPolicy/none`` for
    ///     never).
    ///   - clock: Replaces the server's `TIME` (for tests that compare backends on one clock); leave `nil`.
    ///   - logger: Where script reloads are reported.
    public init(
        client: any RedisCommandSender,
        namespace: String = "traffik",
        persistent: Bool = true,
        errorPolicy: ErrorPolicy? = nil,
        compareAndSwapAttempts: Int = 16,
        retries: RetryPolicy = RetryPolicy(),
        clock: (any ThrottleClock)? = nil,
        logger: Logger = Logger(label: "traffik.redis")
    ) {
        self.client = client
        self.namespace = namespace
        self.isPersistent = persistent
        self.errorPolicy = errorPolicy
        self.compareAndSwapAttempts = max(compareAndSwapAttempts, 1)  // below 1 is read as 1
        self.retries = retries
        self.clock = clock
        self.logger = logger
    }

    /// Creates a backend with a client of its own for `url` (`redis://[user:password@]host:port/db`).
    ///
    /// - Throws: ``RedisURLError`` for a URL that is not a Redis URL.
    public convenience init(
        url: String,
        namespace: String = "traffik",
        persistent: Bool = true,
        errorPolicy: ErrorPolicy? = nil
    ) throws {
        self.init(
            client: RedisClient(configuration: try RedisConfiguration(url: url)),
            namespace: namespace,
            persistent: persistent,
            errorPolicy: errorPolicy
        )
    }

    /// Creates a backend with a cluster client of its own for the seed nodes `urls` (`redis://[user:password@]host:port`,
    /// one a node; the settings are read from the first).
    ///
    /// - Throws: ``RedisURLError`` for a URL that is not a Redis URL, names a database other than 0, or carries
    ///   credentials that differ from the first URL's.
    public convenience init(
        clusterURLs urls: [String],
        namespace: String = "traffik",
        persistent: Bool = true,
        errorPolicy: ErrorPolicy? = nil
    ) throws {
        self.init(
            client: RedisClusterClient(configuration: try RedisClusterConfiguration(urls: urls)),
            namespace: namespace,
            persistent: persistent,
            errorPolicy: errorPolicy
        )
    }

    // MARK: Lifecycle

    /// Loads the scripts, once, however many tasks ask at the same time.
    public func start() async throws {
        try await onStore { try await self.loadScriptsOnce() }
    }

    public func close() async throws {
        await client.close()
        gate.reset()
    }

    /// Runs the client until graceful shutdown, then closes it.
    public func run() async throws {
        try await client.run()
    }

    /// Removes every key of the namespace, with `SCAN` and `UNLINK` on every primary (the one server, or each
    /// primary of a cluster).
    public func reset() async throws {
        try await onStore {
            try await self.loadScriptsOnce()
            let pattern = self.namespacePattern
            try await withThrowingTaskGroup(of: Int.self) { group in
                for primary in try await self.client.primaries() {
                    group.addTask { try await RedisNamespaceScan(client: primary, pattern: pattern).unlinkAll() }
                }
                try await group.waitForAll()
            }
        }
    }

    // MARK: Deciding

    public func decide(key: String, strategy: Strategy, rate: Rate, cost: Int, commit: Bool) async throws -> Decision {
        // A sliding-window log above its cap would hold Redis's single thread for each decision.
        if let decision = try strategy.decisionWithoutStore(for: rate) { return decision }
        return try await onStore {
            try await self.decideOnStore(key: key, strategy: strategy, rate: rate, cost: cost, commit: commit)
        }
    }

    /// One decision on Redis: a script, or a compare-and-swap for a strategy of your own.
    private func decideOnStore(
        key: String,
        strategy: Strategy,
        rate: Rate,
        cost: Int,
        commit: Bool
    ) async throws -> Decision {
        try await loadScriptsOnce()
        let storeKey = self.storeKey(key)
        let now = clock?.nowMicroseconds()
        let common = ScriptContract.arguments(rate: rate, cost: cost, commit: commit, now: now)
        switch strategy.kernel(for: rate) {
        case .fixedWindow:
            return try await evaluate(.fixedWindow, key: storeKey, arguments: common, rate: rate)
        case .slidingWindowCounter:
            return try await evaluate(.slidingWindowCounter, key: storeKey, arguments: common, rate: rate)
        case .slidingWindowLog:
            return try await evaluate(.slidingWindowLog, key: storeKey, arguments: common, rate: rate)
        case .bucket(let capacity, let limit, let reportsDelay):
            let bucket = ScriptContract.arguments(
                rate: rate,
                cost: cost,
                commit: commit,
                now: now,
                bucket: (capacity, limit, reportsDelay)
            )
            return try await evaluate(.bucket, key: storeKey, arguments: bucket, rate: rate)
        case .custom:
            return try await compareAndSwap(strategy, key: storeKey, rate: rate, cost: cost, commit: commit)
        }
    }

    /// Runs a strategy script and reads its reply as a decision.
    private func evaluate(
        _ script: RedisScript,
        key: String,
        arguments: [RESPArgument],
        rate: Rate
    ) async throws -> Decision {
        let reply = try await run(script, keys: [key], arguments: arguments)
        let values = reply.array?.compactMap(\.int) ?? []
        guard values.count == ScriptContract.ReplyField.allCases.count else {
            throw BackendError(.server, "unexpected reply from the \(script) script: \(reply)")
        }
        func field(_ field: ScriptContract.ReplyField) -> Int64 { values[field.rawValue] }
        // The scripts clamp every field, but a reply is read as if it might not be: each field is held to the range
        // its meaning allows.
        let outcome = ScriptContract.outcome(code: field(.outcome))
        let retryAfter: Int64 =
            switch outcome {
            case .allowed: 0
            case .throttled: max(field(.retryAfter), 1)
            case .exceedsCapacity: -1
            }
        return Decision(
            outcome: outcome,
            limit: Int(clamping: max(field(.limit), 0)),
            remaining: Int(clamping: max(field(.remaining), 0)),
            retryAfterMicroseconds: retryAfter,
            resetAfterMicroseconds: max(field(.resetAfter), 0),
            periodMicroseconds: rate.periodMicroseconds,
            delayMicroseconds: max(field(.delay), 0)
        )
    }

    /// A user-written strategy: read the state and the server's clock, decide in Swift, write only if the state
    /// is unchanged, and retry when another writer got there first.
    private func compareAndSwap(
        _ strategy: Strategy,
        key: String,
        rate: Rate,
        cost: Int,
        commit: Bool
    ) async throws -> Decision {
        try await CompareAndSwap.run(key: key, attempts: compareAndSwapAttempts) {
            let replies = try await client.pipeline([["GET", RESPArgument(key)], ["TIME"]], keys: [RESPArgument(key)])
            let current = replies[0].bytes
            let now = try clock?.nowMicroseconds() ?? Self.microseconds(fromTime: replies[1])
            let transition = strategy.decide(encoded: current, now: now, rate: rate, cost: cost)
            if !commit {
                // Like the scripts, drop a stored state that was already as good as none, and nothing else: never
                // a value that does not decode or is out of bounds.
                if let current, strategy.holdsExpiredState(current, now: now, rate: rate) {
                    _ = try await run(
                        .compareAndSet,
                        keys: [key],
                        arguments: ["1", RESPArgument(current), "0", "", "0"]
                    )
                }
                return transition.decision
            }
            let written = try await run(
                .compareAndSet,
                keys: [key],
                arguments: [
                    RESPArgument(current == nil ? "0" : "1"), RESPArgument(current ?? []),
                    RESPArgument(transition.ttlMicroseconds > 0 ? "1" : "0"), RESPArgument(transition.state),
                    RESPArgument(storedMilliseconds(transition.ttlMicroseconds)),
                ]
            )
            return written.int == 1 ? transition.decision : nil
        }
    }

    // MARK: Primitives

    public func get(_ key: String) async throws -> [UInt8]? {
        let key = RESPArgument(storeKey(key))
        return try await onStore { try await self.client.send(["GET", key], keys: [key]).bytes }
    }

    public func set(_ key: String, to value: [UInt8], ttl: Duration?) async throws {
        let key = RESPArgument(storeKey(key))
        var arguments: [RESPArgument] = ["SET", key, RESPArgument(value)]
        if let ttl { arguments += ["PX", RESPArgument(max(ceilMilliseconds(ttl.microseconds), 1))] }
        _ = try await onStore { [arguments] in try await self.client.send(arguments, keys: [key]) }
    }

    public func increment(_ key: String, by amount: Int64, ttl: Duration?) async throws -> Int64 {
        let ttlMilliseconds = ttl.map { max(ceilMilliseconds($0.microseconds), 1) } ?? 0
        let reply = try await onStore {
            try await self.loadScriptsOnce()
            return try await self.run(
                .increment,
                keys: [self.storeKey(key)],
                arguments: [RESPArgument(amount), RESPArgument(ttlMilliseconds)]
            )
        }
        guard let value = reply.int else { throw BackendError(.server, "unexpected reply to an increment: \(reply)") }
        return value
    }

    @discardableResult
    public func delete(_ key: String) async throws -> Bool {
        let key = RESPArgument(storeKey(key))
        return try await onStore { try await self.client.send(["DEL", key], keys: [key]).int == 1 }
    }

    @discardableResult
    public func expire(_ key: String, after ttl: Duration) async throws -> Bool {
        let key = RESPArgument(storeKey(key))
        let milliseconds = RESPArgument(max(ceilMilliseconds(ttl.microseconds), 1))
        return try await onStore { try await self.client.send(["PEXPIRE", key, milliseconds], keys: [key]).int == 1 }
    }

    @discardableResult
    public func withLock<T: Sendable>(
        _ name: String,
        ttl: Duration,
        timeout: Duration,
        _ body: @Sendable () async throws -> T
    ) async throws -> T {
        let lock = RedisLock(client: client, key: storeKey("lock:" + name), lease: ttl)
        // Taking the lock is a store operation; the body is not, and runs once.
        return try await LeasedLock.run(
            name,
            timeout: timeout,
            take: {
                try await onStore {
                    try await self.loadScriptsOnce()
                    return try await lock.take()
                }
            },
            release: { _ = try await run(.unlock, keys: [lock.key], arguments: [RESPArgument(lock.token)]) },
            body
        )
    }

    // MARK: Internals

    /// One operation on Redis, retried as ``retries`` allows, its failures as ``Traffik/BackendError``s.
    private func onStore<Result: Sendable>(_ operation: () async throws -> Result) async throws -> Result {
        try await RedisFailure.run(retrying: retries, operation)
    }

    /// Loads the scripts unless they are loaded (or being loaded); the client's errors as they are.
    private func loadScriptsOnce() async throws {
        try await gate.run { try await self.loadScripts() }
    }

    /// `namespace:{key}`, the namespace escaped as ``Traffik/KeyEncoding/namespace(_:)`` says: it has no braces, so
    /// the braces make the key (which a throttle writes without braces) its Redis Cluster hash tag, and a key's
    /// namespace is everything before its first `:{`.
    func storeKey(_ key: String) -> String { "\(KeyEncoding.namespace(namespace)):{\(key)}" }

    /// The `SCAN MATCH` pattern of the namespace's keys, and of no other namespace's: `shop:{*` never matches
    /// `shop:eu:{…}`.
    var namespacePattern: String { "\(globEscaped(KeyEncoding.namespace(namespace))):{*" }

    /// Loads every script on every primary (a script's SHA is the same on every node).
    private func loadScripts() async throws {
        let scripts = RedisScript.allCases
        let loads: [[RESPArgument]] = scripts.map { ["SCRIPT", "LOAD", RESPArgument($0.source)] }
        let loaded = try await withThrowingTaskGroup(of: [RedisScript: String].self) { group in
            for primary in try await client.primaries() {
                group.addTask {
                    let replies = try await primary.pipeline(loads)
                    var loaded: [RedisScript: String] = [:]
                    for (script, reply) in zip(scripts, replies) {
                        guard let sha = reply.string else {
                            throw BackendError(.server, "SCRIPT LOAD answered \(reply)")
                        }
                        loaded[script] = sha
                    }
                    return loaded
                }
            }
            return try await group.reduce(into: [:]) { $0.merge($1) { first, _ in first } }
        }
        shas.withLock { $0 = loaded }
    }

    /// `EVALSHA`, routed by the first key; when the node lacks the script (a `SCRIPT FLUSH`, a fail-over, a slot
    /// moved to a node that joined later), `SCRIPT LOAD` and `EVALSHA` again, together, on that key's node.
    private func run(_ script: RedisScript, keys: [String], arguments: [RESPArgument]) async throws -> RESPValue {
        guard let sha = shas.withLock({ $0[script] }) else { throw BackendError(.server, "scripts not loaded") }
        let routing = keys.prefix(1).map(RESPArgument.init)
        let evaluate =
            ["EVALSHA", RESPArgument(sha), RESPArgument(keys.count)] + keys.map(RESPArgument.init) + arguments
        do {
            return try await client.send(evaluate, keys: routing)
        } catch let error as RedisServerError where error.kind == .noScript {
            logger.info("Redis lost the \(script) script; loading it again")
            return try await client.pipeline(
                [["SCRIPT", "LOAD", RESPArgument(script.source)], evaluate],
                keys: routing
            )[1]
        }
    }

    /// A state's time to live in Redis: its own, or at least an hour on a caller's clock, where time to live is
    /// virtual (a state past its time to live decides like none, so keeping it longer changes nothing).
    private func storedMilliseconds(_ ttl: Int64) -> Int64 {
        let milliseconds = ceilMilliseconds(ttl)
        return clock == nil || milliseconds == 0
            ? milliseconds : max(milliseconds, ScriptContract.virtualClockRetentionMilliseconds)
    }

    /// A `TIME` reply (`[seconds, microseconds]`) in microseconds since the Unix epoch.
    ///
    /// - Throws: ``Traffik/BackendError`` for a reply that is not two numbers, a negative one, microseconds of a
    ///   second or more, or a time that does not fit in microseconds.
    static func microseconds(fromTime reply: RESPValue) throws -> Int64 {
        guard let parts = reply.array, parts.count == 2, let seconds = parts[0].string.flatMap(Int64.init),
            let micros = parts[1].string.flatMap(Int64.init), seconds >= 0, (0..<1_000_000).contains(micros)
        else { throw BackendError(.server, "unexpected reply to TIME: \(String(describing: reply).prefix(200))") }
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000)
        guard !overflow, scaled <= Int64.max - micros else {
            throw BackendError(.server, "the TIME reply \(seconds) s is out of range")
        }
        return scaled + micros
    }
}

/// Microseconds rounded up to whole milliseconds (Redis's `PX`), at least 0; never overflows.
func ceilMilliseconds(_ microseconds: Int64) -> Int64 {
    microseconds <= 0 ? 0 : microseconds / 1_000 + (microseconds % 1_000 > 0 ? 1 : 0)
}

/// `text` with the glob characters of `SCAN MATCH` escaped.
func globEscaped(_ text: String) -> String {
    var result = ""
    for character in text {
        if "*?[]\\".contains(character) { result.append("\\") }
        result.append(character)
    }
    return result
}

extension Duration {
    /// The duration in whole microseconds, rounded toward zero and clamped to `Int64`.
    var microseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (sum, overflow2) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000_000)
        return overflow2 ? (seconds < 0 ? .min : .max) : sum
    }
}
