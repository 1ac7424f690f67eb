// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import Traffik
public import TraffikHTTP
public import Vapor

/// Runs throttles on the requests it sees: on the whole application, a route group, or one route.
///
/// Throttles run cheapest first (rules without predicates, then lower costs); the first one that refuses answers
/// with 429, `Retry-After` and the configured headers and body. Allowed responses get the configured rate-limit
/// headers of the throttle with the least budget left.
///
/// A refusal is returned as a response, never thrown, so it looks the same with or without Vapor's
/// `ErrorMiddleware` and wherever this middleware sits in the chain.
///
/// ```swift
/// app.middleware.use(ThrottleMiddleware(perClient, rules: [.bypassIf(path: "/health")],
///                                       responses: .init(profiles: [.ietf()])))
/// let api = app.grouped("api").grouped(ThrottleMiddleware(apiThrottle))
/// app.throttled(by: searchThrottle).get("search") { _ in "results" }
/// ```
public struct ThrottleMiddleware: AsyncMiddleware {
    let gate: ThrottleGate<VaporRequest>
    let responses: ThrottleResponses

    /// A middleware running one throttle.
    ///
    /// - Parameters:
    ///   - throttle: The throttle.
    ///   - rules: When it applies (always, by default).
    ///   - cost: The cost of each request here; `nil` keeps the throttle's.
    ///   - responses: Profiles, body and handler for the responses.
    public init(
        _ throttle: VaporThrottle,
        rules: ThrottleRules<VaporRequest> = .none,
        cost: Int? = nil,
        responses: ThrottleResponses = .init()
    ) {
        self.init(stack: [.init(throttle, rules: rules, cost: cost)], responses: responses)
    }

    /// A middleware running several throttles, cheapest first.
    ///
    /// ```swift
    /// ThrottleMiddleware(stack: [.init(perClient), .init(uploads, rules: [.throttleIf(methods: ["POST"])], cost: 5)])
    /// ```
    public init(
        stack: [ThrottleStack<VaporRequest>.Entry],
        responses: ThrottleResponses = .init()
    ) {
        self.init(stack: stack, responses: responses, mode: .enforce)
    }

    init(
        stack: [ThrottleStack<VaporRequest>.Entry],
        responses: ThrottleResponses,
        mode: ThrottleGate<VaporRequest>.Mode
    ) {
        self.gate = ThrottleGate(stack: ThrottleStack(stack), mode: mode, format: responses.format)
        self.responses = responses
    }

    /// A middleware that never answers by itself: it records the decision in ``Vapor/Request/throttleDecision``
    /// (refusals included, after consuming nothing for them) and passes every request on, so the route decides.
    ///
    /// ```swift
    /// app.grouped(ThrottleMiddleware.recording(perClient)).get("feed") { req in
    ///     req.throttleDecision?.isAllowed == false ? "the cached feed" : "the live feed"
    /// }
    /// ```
    public static func recording(
        _ throttle: VaporThrottle,
        rules: ThrottleRules<VaporRequest> = .none,
        cost: Int? = nil,
        responses: ThrottleResponses = .init()
    ) -> ThrottleMiddleware {
        ThrottleMiddleware(
            stack: [.init(throttle, rules: rules, cost: cost)],
            responses: responses,
            mode: .record
        )
    }

    /// Runs the throttles on `request`: answers a refusal itself (or records it), else calls the next responder
    /// and adds the rate-limit headers to its response.
    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        try await gate.run(
            VaporRequest(request),
            refuse: { decision in try await responses.throttledResponse(for: decision, request: request) },
            record: { decision in request.throttleDecision = decision },
            next: { try await next.respond(to: request) },
            decorate: { response, fields in response.headers.set(fields) }
        )
    }
}
