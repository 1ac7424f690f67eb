// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Logging
import Synchronization

/// A rate limit on something: written once (uid, rate, strategy, cost, identity) and pointed at a backend.
///
/// ```swift
/// let backend = InMemoryBackend()
/// let throttle = try Throttle<String>(uid: "reports", rate: "10/min", backend: .fixed(backend))
///
/// let decision = try await throttle.hit("user-42")
/// if !decision.isAllowed { print("retry after \(decision.retryAfterSeconds ?? 0) s") }
/// ```
///
/// The settings beyond the limit (whom a request is charged to, how the budget is split, the error policy, a
/// timeout) come in a ``Configuration``:
///
/// ```swift
/// var configuration = Throttle<String>.Configuration(rate: "5/min")
/// configuration.errorPolicy = .throttle(retryAfter: .seconds(5))
/// let login = try Throttle(uid: "login", backend: .fixed(backend), configuration: configuration)
/// ```
///
/// One throttle keeps one budget per client and scope; ``Budget`` splits it further by route or method when asked.
/// Rate, strategy and cost can be changed while requests are being decided; every hit sees one consistent
/// configuration. A bad rate string, an empty or duplicate uid, a negative fixed cost and a timeout that is not
/// positive fail here, when the throttle is built, never at request time.
public final class Throttle<Input: ThrottleInput>: Sendable {
    /// The throttle's name: the first part of every key it writes, unique in its registry.
    public let uid: String
    /// Where the backend comes from.
    public let backendSource: BackendSource
    /// How finely the budget is split.
    public let budget: Budget
    /// The registry the throttle belongs to.
    public let registry: ThrottleRegistry
    /// Whether client identities are written into keys as they are or hashed (see ``KeyEncoding``).
    public let identityHashing: IdentityHashing

    private let identifier: Identifier?
    private let settings: Mutex<Settings>
    private let disabled = Atomic(false)
    /// The uid's written form and `:default:`, the start of every key in the default scope, built once.
    private let defaultScopePrefix: String

    private static var logger: Logger { Logger(label: "traffik") }

    /// The part of the configuration that ``update(rate:)`` and its siblings change while requests are decided,
    /// read as one value by each decision.
    struct Settings: Sendable {
        var rate: RateSource<Input> { didSet { checkRate() } }
        var strategy: Strategy { didSet { checkRate() } }
        var cost: Cost<Input>
        var minimumRetryAfter: Duration? {
            didSet { minimumRetryAfterMicroseconds = minimumRetryAfter?.wholeMicroseconds ?? 0 }
        }
        var errorPolicy: ErrorPolicy?
        var timeout: Duration?
        /// ``minimumRetryAfter`` in microseconds, as decisions apply it.
        private(set) var minimumRetryAfterMicroseconds: Int64
        /// Whether the rate is fixed and the strategy can decide it: checked when either changes, so that a
        /// decision checks only a computed rate, or a strategy swapped in that cannot decide the fixed one.
        private(set) var fixedRateFits = false

        init(_ configuration: Configuration, rate: RateSource<Input>) {
            self.rate = rate
            self.strategy = configuration.strategy
            self.cost = configuration.cost
            self.minimumRetryAfter = configuration.minimumRetryAfter
            self.errorPolicy = configuration.errorPolicy
            self.timeout = configuration.timeout
            self.minimumRetryAfterMicroseconds = configuration.minimumRetryAfter?.wholeMicroseconds ?? 0
            checkRate()
        }

        private mutating func checkRate() {
            if case .fixed(let fixed) = rate.base {
                fixedRateFits = (try? strategy.validate(fixed)) != nil
            } else {
                fixedRateFits = false
            }
        }
    }

    /// Creates a throttle and registers it.
    ///
    /// - Parameters:
    ///   - uid: A non-empty name, unique in `registry`.
    ///   - backend: Where counters live, chosen explicitly: ``BackendSource/fixed(_:)`` for one backend, or
    ///     ``BackendSource/taskLocal`` for the backend active in the task (``withThrottleBackend(_:persistent:closeOnExit:isolation:_:)``,
    ///     else ``ActiveBackend/default``; with neither, decisions go through the error policy).
    ///   - configuration: The limit and the other settings.
    ///   - registry: The registry to join.
    /// - Throws: ``ThrottleError`` for an empty or duplicate uid, a bad rate, a strategy that cannot decide the fixed
    ///   rate (``Strategy/validate(_:)``), a negative fixed cost, or a timeout that is not positive.
    public init(
        uid: String,
        backend: BackendSource,
        configuration: Configuration,
        registry: ThrottleRegistry = .shared
    ) throws(ThrottleError) {
        guard !uid.isEmpty else { throw .emptyUID }
        let parsed = try configuration.rate.validated(for: configuration.strategy, uid: uid)
        if case .fixed(let units) = configuration.cost.base, units < 0 { throw .negativeCost(uid: uid, cost: units) }
        if let timeout = configuration.timeout, timeout <= .zero { throw .invalidTimeout(uid: uid, timeout) }
        self.uid = uid
        self.defaultScopePrefix = KeyEncoding.join([KeyEncoding.text(uid), "default", ""])
        self.backendSource = backend
        self.identifier = configuration.identifier
        self.budget = configuration.budget
        self.identityHashing = configuration.identityHashing
        self.registry = registry
        self.settings = Mutex(Settings(configuration, rate: parsed))
        try registry.register(self)
    }

    /// Creates a throttle with the given limit and every other setting at its default (see ``Configuration``).
    ///
    /// ```swift
    /// let throttle = try Throttle<String>(uid: "reports", rate: "10/min", strategy: .gcra(), backend: .taskLocal)
    /// ```
    ///
    /// - Parameters:
    ///   - uid: A non-empty name, unique in `registry`.
    ///   - rate: The rate: a string such as `"100/min"`, a fixed ``Rate``, or computed per request.
    ///   - strategy: The algorithm (``Strategy/fixedWindow`` by default).
    ///   - cost: The units each request consumes (1 by default), fixed or computed per request.
    ///   - backend: Where counters live: ``BackendSource/fixed(_:)`` or ``BackendSource/taskLocal``.
    ///   - registry: The registry to join.
    /// - Throws: ``ThrottleError``, as ``init(uid:backend:configuration:registry:)``.
    public convenience init(
        uid: String,
        rate: RateSource<Input>,
        strategy: Strategy = .fixedWindow,
        cost: Cost<Input> = 1,
        backend: BackendSource,
        registry: ThrottleRegistry = .shared
    ) throws(ThrottleError) {
        try self.init(
            uid: uid,
            backend: backend,
            configuration: Configuration(rate: rate, strategy: strategy, cost: cost),
            registry: registry
        )
    }

    /// The configuration the throttle decides with now, with the updates made since it was built; a rate given
    /// as a string reads back parsed, as ``RateSource/fixed(_:)``.
    public var configuration: Configuration {
        let current = settings.withLock { $0 }
        var configuration = Configuration(rate: current.rate, strategy: current.strategy, cost: current.cost)
        configuration.identifier = identifier
        configuration.budget = budget
        configuration.identityHashing = identityHashing
        configuration.minimumRetryAfter = current.minimumRetryAfter
        configuration.errorPolicy = current.errorPolicy
        configuration.timeout = current.timeout
        return configuration
    }

    deinit {
        registry.unregister(uid, id: ObjectIdentifier(self))
    }

    // MARK: Deciding

    /// Decides a request and consumes its cost if it passes.
    ///
    /// - Parameters:
    ///   - input: The request (or any ``ThrottleInput``).
    ///   - cost: Overrides the throttle's cost for this call; `0` passes without touching anything.
    ///   - scope: Keeps a separate budget for the same client under another name (such as `"messages"`).
    /// - Returns: The decision. A throttled request is a decision, not an error.
    /// - Throws: ``ThrottleError/negativeCost(uid:cost:)``, ``ThrottleError/noBackend(uid:)``, errors from the
    ///   rate, cost and identifier closures, and backend errors when the error policy is ``ErrorPolicy/raise``.
    @discardableResult
    public func hit(_ input: Input, cost: Int? = nil, scope: String? = nil) async throws -> Decision {
        try await evaluate(input, cost: cost, scope: scope, commit: true)
    }

    /// Whether a request of `cost` (the throttle's cost by default) would pass now. Nothing is consumed, so
    /// another request may take the budget before this one spends it.
    public func check(_ input: Input, cost: Int? = nil, scope: String? = nil) async throws -> Bool {
        try await evaluate(input, cost: cost, scope: scope, commit: false).isAllowed
    }

    /// The client's budget now: limit, remaining, reset, and whether one more unit would pass. Nothing is consumed.
    public func stat(_ input: Input, scope: String? = nil) async throws -> Decision {
        try await evaluate(input, cost: 0, scope: scope, commit: false, isStat: true)
    }

    private func evaluate(
        _ input: Input,
        cost override: Int?,
        scope: String?,
        commit: Bool,
        isStat: Bool = false
    ) async throws -> Decision {
        if disabled.load(ordering: .relaxed) { return .unrestricted(.disabled) }
        if !isStat, override == 0 { return .unrestricted(.zeroCost) }
        let config = settings.withLock { $0 }
        let rate: Rate
        switch config.rate.base {
        case .fixed(let fixed): rate = fixed
        default: rate = try await config.rate.resolve(input, uid: uid)
        }
        if rate.isUnlimited { return .unrestricted(.unlimited) }
        let units: Int
        if isStat {
            units = 0
        } else {
            if let override { units = override } else { units = try await config.cost.resolve(input) }
            if units < 0 { throw ThrottleError.negativeCost(uid: uid, cost: units) }
            if units == 0 { return .unrestricted(.zeroCost) }
        }
        // An exempt client needs no backend: identity first.
        let identity = try await identifier?(input) ?? input.throttleIdentity
        guard case .client(let client) = identity else { return .unrestricted(.exempt) }
        let key = self.key(client: client, scope: scope, route: input.throttleRoute, method: input.throttleMethod)
        let backend = backendSource.resolve()
        let decision: Decision
        do {
            guard let backend else { throw ThrottleError.noBackend(uid: uid) }
            decision = try await decide(on: backend, key: key, config: config, rate: rate, cost: units, commit: commit)
        } catch let error where !(error is CancellationError) {
            Self.logger.warning(
                "backend failed; applying the error policy",
                metadata: ["throttle": "\(uid)", "backend": "\(backend?.kind ?? "none")", "error": "\(error)"]
            )
            // With no backend resolved (none active, no default), the failure still goes through the policy: a
            // request is refused (or let through) as the policy says, never answered with an unhandled error.
            let policy = config.errorPolicy ?? backend?.errorPolicy ?? .throttle
            let failure = ThrottleFailure(
                error: error,
                uid: uid,
                key: key,
                cost: units,
                rate: rate,
                strategy: config.strategy,
                input: input,
                backend: backend,
                throttle: self
            )
            return try await policy.resolve(failure).withMinimumRetryAfter(config.minimumRetryAfterMicroseconds)
        }
        return decision.withMinimumRetryAfter(config.minimumRetryAfterMicroseconds)
    }

    private func decide(
        on backend: any ThrottleBackend,
        key: String,
        config: Settings,
        rate: Rate,
        cost: Int,
        commit: Bool
    ) async throws -> Decision {
        if !config.fixedRateFits { try config.strategy.check(rate, uid: uid) }
        // The backend starts itself on first use (see ``ThrottleBackend``).
        guard let timeout = config.timeout else {
            return try await backend.decide(key: key, strategy: config.strategy, rate: rate, cost: cost, commit: commit)
        }
        // A real deadline: the answer comes at the timeout even when the store's command cannot be cancelled.
        do {
            return try await withDeadline(timeout) {
                try await backend.decide(
                    key: key,
                    strategy: config.strategy,
                    rate: rate,
                    cost: cost,
                    commit: commit
                )
            }
        } catch is DeadlineExceededError {
            throw ThrottleError.timeout(uid: uid, after: timeout)
        }
    }

    /// The key of a client's budget, before the backend's namespace: `uid:scope[:route[:method]]:client`, each
    /// component written as ``KeyEncoding`` says, so that different clients, routes, methods or scopes never share
    /// a key. The route and method count only when the ``budget`` splits by them.
    ///
    /// ```swift
    /// throttle.key(client: "10.0.0.1")  // "reports:default:10.0.0.1"
    /// ```
    public func key(client: String, scope: String? = nil, route: String? = nil, method: String? = nil) -> String {
        let client = KeyEncoding.identity(client, hashing: identityHashing)
        let scope = scope ?? "default"
        if budget.base == .client, scope == "default" { return defaultScopePrefix + client }
        var components = [KeyEncoding.text(uid), KeyEncoding.bounded(scope, hashing: identityHashing)]
        switch budget.base {
        case .client: break
        case .route: components.append(KeyEncoding.bounded(route, hashing: identityHashing))
        case .routeAndMethod:
            components.append(KeyEncoding.bounded(route, hashing: identityHashing))
            components.append(KeyEncoding.bounded(method, hashing: identityHashing))
        }
        components.append(client)
        return KeyEncoding.join(components)
    }

    // MARK: Runtime control

    /// Whether the throttle lets everything through.
    public var isDisabled: Bool { disabled.load(ordering: .relaxed) }

    /// Lets everything through until ``enable()``.
    public func disable() { disabled.store(true, ordering: .relaxed) }

    /// Decides requests again.
    public func enable() { disabled.store(false, ordering: .relaxed) }

    /// The current strategy.
    public var strategy: Strategy { settings.withLock { $0.strategy } }

    /// Replaces the rate; hits in flight finish with the old one.
    /// - Throws: ``ThrottleError/invalidRate(uid:_:)`` for a bad rate, ``ThrottleError/invalidStrategy(uid:_:)`` for
    ///   a fixed rate the strategy cannot decide; the old rate stays.
    public func update(rate: RateSource<Input>) throws(ThrottleError) {
        let parsed = try rate.validated(for: strategy, uid: uid)
        settings.withLock { $0.rate = parsed }
    }

    /// Replaces the strategy. Bucket strategies and GCRA share their state, so switching among them keeps what
    /// clients have consumed; switching to or from a window strategy starts clients afresh.
    public func update(strategy: Strategy) {
        settings.withLock { $0.strategy = strategy }
    }

    /// Replaces the cost.
    /// - Throws: ``ThrottleError/negativeCost(uid:cost:)`` for a negative fixed cost; the old cost stays.
    public func update(cost: Cost<Input>) throws(ThrottleError) {
        if case .fixed(let units) = cost.base, units < 0 { throw .negativeCost(uid: uid, cost: units) }
        settings.withLock { $0.cost = cost }
    }

    /// Replaces the error policy.
    public func update(errorPolicy: ErrorPolicy?) {
        settings.withLock { $0.errorPolicy = errorPolicy }
    }

    /// Replaces the minimum wait of throttled requests.
    public func update(minimumRetryAfter: Duration?) {
        settings.withLock { $0.minimumRetryAfter = minimumRetryAfter }
    }
}

extension Throttle: RegisteredThrottle {
    func setDisabled(_ value: Bool) { disabled.store(value, ordering: .relaxed) }
}
