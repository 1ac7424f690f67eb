public import Hummingbird
public import Traffik
public import TraffikHTTP

/// One throttle in a ``ThrottleMiddleware``: the throttle, the rules that say when it applies, and an optional
/// cost for requests through this middleware.
///
/// ```swift
/// MiddlewareThrottle(uploads, rules: [.throttleIf(path: "/files/**", methods: ["POST"])], cost: 5)
/// ```
public struct MiddlewareThrottle<Context: RequestContext>: Sendable {
    /// The throttle.
    public let throttle: HummingbirdThrottle<Context>
    /// When the throttle applies.
    public let rules: ThrottleRules<HummingbirdRequest<Context>>
    /// The cost of each request, overriding the throttle's; `nil` keeps the throttle's.
    public let cost: Int?
    /// The budget scope, for a budget kept apart from other uses of the same throttle.
    public let scope: String?

    /// Creates an entry.
    public init(
        _ throttle: HummingbirdThrottle<Context>,
        rules: ThrottleRules<HummingbirdRequest<Context>> = .none,
        cost: Int? = nil,
        scope: String? = nil
    ) {
        self.throttle = throttle
        self.rules = rules
        self.cost = cost
        self.scope = scope
    }

    /// Cheap entries first: rules without predicates, then lower fixed costs.
    var sortKey: (Int, Int) { (rules.isCheap ? 0 : 1, cost ?? 1) }
}
