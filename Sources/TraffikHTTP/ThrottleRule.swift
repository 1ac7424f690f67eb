// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// When a throttle applies to a request: ``throttleIf(path:methods:when:)`` limits it to matching requests,
/// ``bypassIf(path:methods:when:)`` exempts matching requests.
///
/// A throttle with rules applies when every throttle-if rule matches and no bypass rule matches. A rule matches
/// when all of its criteria do. Rules without a predicate are evaluated first, so the cheap ones decide early.
///
/// ```swift
/// let rules: [ThrottleRule<Request>] = [
///     .bypassIf(path: "/health"),
///     .throttleIf(path: "/api/**", methods: ["POST", "PUT"]),
/// ]
/// ```
public struct ThrottleRule<Input: HTTPThrottleInput>: Sendable {
    enum Effect: Sendable { case throttleIf, bypassIf }

    let effect: Effect
    let path: PathPattern?
    let methods: Set<String>?
    let predicate: (@Sendable (Input) async throws -> Bool)?

    /// Applies the throttle only to requests matching every given criterion.
    public static func throttleIf(
        path: PathPattern? = nil,
        methods: Set<String>? = nil,
        when predicate: (@Sendable (Input) async throws -> Bool)? = nil
    ) -> ThrottleRule {
        ThrottleRule(effect: .throttleIf, path: path, methods: methods.map(Self.upper), predicate: predicate)
    }

    /// Skips the throttle for requests matching every given criterion.
    public static func bypassIf(
        path: PathPattern? = nil,
        methods: Set<String>? = nil,
        when predicate: (@Sendable (Input) async throws -> Bool)? = nil
    ) -> ThrottleRule {
        ThrottleRule(effect: .bypassIf, path: path, methods: methods.map(Self.upper), predicate: predicate)
    }

    private static func upper(_ methods: Set<String>) -> Set<String> { Set(methods.map { $0.uppercased() }) }

    /// Whether every criterion of the rule matches `input`.
    func matches(_ input: Input) async throws -> Bool {
        if let methods, !methods.contains(input.method.uppercased()) { return false }
        if let path, !path.matches(input.path) { return false }
        if let predicate { return try await predicate(input) }
        return true
    }

    /// The evaluation rank: cheap bypasses, cheap filters, then the ones with predicates.
    var rank: Int {
        switch (effect, predicate == nil) {
        case (.bypassIf, true): 0
        case (.throttleIf, true): 1
        case (.bypassIf, false): 2
        case (.throttleIf, false): 3
        }
    }
}

/// A list of rules in evaluation order.
public struct ThrottleRules<Input: HTTPThrottleInput>: Sendable, ExpressibleByArrayLiteral {
    let rules: [ThrottleRule<Input>]

    /// Creates the list, ordering the rules cheapest first.
    public init(_ rules: [ThrottleRule<Input>]) {
        self.rules = rules.enumerated().sorted { ($0.element.rank, $0.offset) < ($1.element.rank, $1.offset) }.map(
            \.element
        )
    }

    public init(arrayLiteral elements: ThrottleRule<Input>...) { self.init(elements) }

    /// No rules: the throttle always applies.
    public static var none: ThrottleRules { ThrottleRules([]) }

    /// Whether the rules have no predicates (so their cost is a few comparisons).
    public var isCheap: Bool { rules.allSatisfy { $0.predicate == nil } }

    /// Whether the throttle applies to `input`.
    public func apply(to input: Input) async throws -> Bool {
        for rule in rules {
            let matches = try await rule.matches(input)
            switch rule.effect {
            case .bypassIf where matches: return false
            case .throttleIf where !matches: return false
            default: continue
            }
        }
        return true
    }
}
