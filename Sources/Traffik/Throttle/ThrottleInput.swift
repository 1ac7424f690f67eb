// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// What a throttle looks at: the value passed to ``Throttle/hit(_:cost:scope:)``.
///
/// Framework integrations conform their request types; for direct use, `String` conforms (the string is the
/// client's identity). Every requirement has a default.
///
/// ```swift
/// struct Job: ThrottleInput {
///     let tenant: String
///     var throttleIdentity: Identity { .client(tenant) }
/// }
/// ```
public protocol ThrottleInput: Sendable {
    /// The identity used when the throttle has no identifier of its own (the peer address, for a request).
    var throttleIdentity: Identity { get }
    /// The route pattern, for budgets split by route (``Budget/perRoute``).
    var throttleRoute: String? { get }
    /// The method, for budgets split by method (``Budget/perRouteAndMethod``).
    var throttleMethod: String? { get }
}

extension ThrottleInput {
    public var throttleIdentity: Identity { .anonymous }
    public var throttleRoute: String? { nil }
    public var throttleMethod: String? { nil }
}

extension String: ThrottleInput {
    /// The string itself.
    public var throttleIdentity: Identity { .client(self) }
}

/// Who a request is charged to, or ``exempt``.
public enum Identity: Sendable, Hashable, ExpressibleByStringLiteral {
    /// A client, by a stable key (an address, an API key, a user id).
    case client(String)
    /// Not throttled at all: no budget is read or written.
    case exempt

    /// The identity of clients that cannot be identified; they share one budget.
    public static let anonymous = Identity.client("__anonymous__")

    public init(stringLiteral value: String) { self = .client(value) }
}

/// How finely a throttle splits its budget: per client by default, per route or route and method on request.
public struct Budget: Sendable, Hashable {
    enum Base: Sendable, Hashable { case client, route, routeAndMethod }
    let base: Base

    /// One budget per client for everything the throttle covers (the default).
    public static let perClient = Budget(base: .client)
    /// One budget per client and route pattern.
    public static let perRoute = Budget(base: .route)
    /// One budget per client, route pattern and method.
    public static let perRouteAndMethod = Budget(base: .routeAndMethod)
}
