// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import Traffik

/// The throttles of one middleware, run cheapest first: the decision loop every framework adapter shares.
///
/// Entries whose rules have no predicates run before those with predicates, then lower fixed costs first, so a
/// cheap refusal spares the expensive checks. The first refusal ends the run.
///
/// ```swift
/// let stack = ThrottleStack([.init(perClient), .init(uploads, rules: [.throttleIf(methods: ["POST"])], cost: 5)])
/// switch try await stack.run(input) {
/// case .refused(let decision): // answer 429
/// case .passed(let tightest): // call the next responder, then add headers for `tightest`
/// }
/// ```
public struct ThrottleStack<Input: HTTPThrottleInput>: Sendable {
    /// One throttle of the stack: the throttle, the rules that say when it applies, a cost and a scope.
    public struct Entry: Sendable {
        /// The throttle.
        public let throttle: Throttle<Input>
        /// When the throttle applies.
        public let rules: ThrottleRules<Input>
        /// The cost of each request, overriding the throttle's; `nil` keeps the throttle's.
        public let cost: Int?
        /// The budget scope, for a budget kept apart from other uses of the same throttle.
        public let scope: String?

        /// Creates an entry.
        public init(
            _ throttle: Throttle<Input>,
            rules: ThrottleRules<Input> = .none,
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

    /// What a run of the stack found.
    public enum Outcome: Sendable {
        /// A throttle refused the request; the throttles after it did not run.
        case refused(Decision)
        /// Every applicable throttle allowed the request. The decision is the one with the least budget left among
        /// those that touched a budget, for the rate-limit headers; `nil` when none did.
        case passed(tightest: Decision?)
    }

    /// The entries in the order they run.
    public let entries: [Entry]

    /// Creates a stack, ordering `entries` cheapest first (stable for equal costs).
    public init(_ entries: [Entry]) {
        self.entries = entries.enumerated().sorted { left, right in
            (left.element.sortKey.0, left.element.sortKey.1, left.offset)
                < (right.element.sortKey.0, right.element.sortKey.1, right.offset)
        }.map(\.element)
    }

    /// Runs the applicable throttles on `input`, consuming budget as each allows.
    public func run(_ input: Input) async throws -> Outcome {
        var tightest: Decision?
        for entry in entries {
            guard try await entry.rules.apply(to: input) else { continue }
            let decision = try await entry.throttle.hit(input, cost: entry.cost, scope: entry.scope)
            guard decision.isAllowed else { return .refused(decision) }
            if decision.limit > 0, tightest.map({ decision.remaining < $0.remaining }) ?? true {
                tightest = decision
            }
        }
        return .passed(tightest: tightest)
    }
}
