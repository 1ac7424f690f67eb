// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

extension Throttle {
    /// Who a request is charged to: a client, or ``Identity/exempt``.
    public typealias Identifier = @Sendable (Input) async throws -> Identity

    /// Everything a throttle decides with but its name and its backend: the limit (rate, strategy, cost), whom a
    /// request is charged to, how the budget is split, and what a failing or slow backend means.
    ///
    /// The limit is given when the value is made; the rest have defaults and are set as properties:
    ///
    /// ```swift
    /// var configuration = Throttle<String>.Configuration(rate: "100/min", strategy: .tokenBucket())
    /// configuration.errorPolicy = .allow
    /// configuration.timeout = .milliseconds(50)
    /// let throttle = try Throttle(uid: "api", backend: .fixed(redis), configuration: configuration)
    /// ```
    ///
    /// Nothing is checked until the throttle is built: ``Throttle/init(uid:backend:configuration:registry:)``
    /// throws for a bad rate, a strategy that cannot decide it, a negative fixed cost or a timeout that is not
    /// positive. ``Throttle/configuration`` reads a live throttle's configuration back, with the updates made since.
    public struct Configuration: Sendable {
        /// The rate: a string such as `"100/min"`, a fixed ``Rate``, or computed per request.
        public var rate: RateSource<Input>
        /// The algorithm; ``Strategy/fixedWindow`` by default.
        public var strategy: Strategy
        /// The units each request consumes, fixed or computed per request; 1 by default.
        public var cost: Cost<Input>
        /// Who a request is charged to; `nil` (the default) charges the input's ``ThrottleInput/throttleIdentity``.
        public var identifier: Identifier?
        /// One budget per client (the default), or per client and route, or per client, route and method.
        public var budget: Budget = .perClient
        /// Whether client identities are written into keys as they are or hashed; by default those longer than
        /// ``IdentityHashing/defaultLimit`` bytes are hashed, so that no identity makes a long key.
        public var identityHashing: IdentityHashing = .default
        /// A floor for the wait of throttled requests; allowed requests are unaffected. `nil` by default.
        public var minimumRetryAfter: Duration?
        /// What to answer when the backend fails; `nil` (the default) defers to the backend's policy, then
        /// ``ErrorPolicy/throttle``.
        public var errorPolicy: ErrorPolicy?
        /// The longest a decision may take before it counts as a backend failure (``ThrottleError/Code/timeout``,
        /// through the error policy); `nil` (the default) relies on the backend's own timeouts.
        public var timeout: Duration?

        /// A configuration with the given limit and every other setting at its default.
        ///
        /// - Parameters:
        ///   - rate: The rate: a string such as `"100/min"`, a fixed ``Rate``, or computed per request.
        ///   - strategy: The algorithm (``Strategy/fixedWindow`` by default).
        ///   - cost: The units each request consumes (1 by default), fixed or computed per request.
        public init(rate: RateSource<Input>, strategy: Strategy = .fixedWindow, cost: Cost<Input> = 1) {
            self.rate = rate
            self.strategy = strategy
            self.cost = cost
        }
    }
}
