// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import Hummingbird
public import Traffik
public import TraffikHTTP

/// Runs throttles on the requests it sees: on a router, a route group, or one route.
///
/// Throttles run cheapest first (rules without predicates, then lower costs); the first one that refuses answers
/// with 429, `Retry-After` and the configured headers and body. Allowed responses get the configured rate-limit
/// headers of the throttle with the least budget left. Every throttle keys the client the context carries (see
/// ``ClientAddressMiddleware``; the socket peer without one).
///
/// ```swift
/// let router = Router(context: AppContext.self)
/// router.add(middleware: ThrottleMiddleware(perClient, rules: [.bypassIf(path: "/health")],
///                                           responses: .init(profiles: [.ietf()])))
/// router.group("/api").add(middleware: ThrottleMiddleware(apiThrottle))
/// router.throttled(by: searchThrottle).get("/search") { _, _ in "results" }
/// ```
public struct ThrottleMiddleware<Context: RequestContext>: RouterMiddleware {
    let gate: ThrottleGate<HummingbirdRequest<Context>>
    let responses: ThrottleResponses<Context>
    let record: (@Sendable (inout Context, Decision) -> Void)?

    /// A middleware running one throttle.
    ///
    /// - Parameters:
    ///   - throttle: The throttle.
    ///   - rules: When it applies (always, by default).
    ///   - cost: The cost of each request here; `nil` keeps the throttle's.
    ///   - responses: Profiles, body and handler for the responses.
    public init(
        _ throttle: HummingbirdThrottle<Context>,
        rules: ThrottleRules<HummingbirdRequest<Context>> = .none,
        cost: Int? = nil,
        responses: ThrottleResponses<Context> = .init()
    ) {
        self.init(
            stack: [MiddlewareThrottle(throttle, rules: rules, cost: cost)],
            responses: responses
        )
    }

    /// A middleware running several throttles, cheapest first.
    ///
    /// ```swift
    /// ThrottleMiddleware(stack: [.init(perClient), .init(uploads, rules: [.throttleIf(methods: ["POST"])], cost: 5)])
    /// ```
    public init(
        stack: [MiddlewareThrottle<Context>],
        responses: ThrottleResponses<Context> = .init()
    ) {
        self.init(stack: stack, responses: responses, record: nil)
    }

    init(
        stack: [MiddlewareThrottle<Context>],
        responses: ThrottleResponses<Context>,
        record: (@Sendable (inout Context, Decision) -> Void)?
    ) {
        self.gate = ThrottleGate(
            stack: ThrottleStack(stack),
            mode: record == nil ? .enforce : .record,
            format: responses.format
        )
        self.responses = responses
        self.record = record
    }

    /// Runs the throttles on `request`: answers a refusal itself (or records it), else calls the next responder
    /// and adds the rate-limit headers to its response.
    ///
    /// In a ``ClientAddressRequestContext`` that no ``ClientAddressMiddleware`` has resolved yet, the client it keyed
    /// (the socket peer) becomes the request's client for everything after it, so one request is never keyed two
    /// ways.
    ///
    /// A refused WebSocket handshake in a context that keeps its channel (``ChannelRequestContext``) is answered
    /// with the same 429 instead of Hummingbird's 400.
    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.settleResolvedClient()
        return try await gate.run(
            HummingbirdRequest(request, context: context),
            refuse: { decision in
                let response = try await responses.throttledResponse(for: decision, request: request, context: context)
                return try await UpgradeRefusal.answer(request, context: context, with: response)
            },
            record: { decision in record?(&context, decision) },
            next: { try await next(request, context) },
            decorate: { response, fields in response.headers.set(fields) }
        )
    }
}

/// A context that carries the throttle decision to the route, for ``ThrottleMiddleware/recording(_:rules:cost:responses:)``.
///
/// ```swift
/// struct AppContext: RequestContext, ThrottleDecisionRequestContext {
///     var coreContext: CoreRequestContextStorage
///     var throttleDecision: Decision?
///     init(source: ApplicationRequestContextSource) { coreContext = .init(source: source) }
/// }
/// ```
public protocol ThrottleDecisionRequestContext: RequestContext {
    /// The decision of the throttling middleware: a refusal if one throttle refused, else the allowed decision
    /// with the least budget left; `nil` when no throttle applied.
    var throttleDecision: Decision? { get set }
}

extension ThrottleMiddleware where Context: ThrottleDecisionRequestContext {
    /// A middleware that never answers by itself: it records the decision in the context (refusals included, after
    /// consuming nothing for them) and passes every request on, so the route decides what to do.
    public static func recording(
        _ throttle: HummingbirdThrottle<Context>,
        rules: ThrottleRules<HummingbirdRequest<Context>> = .none,
        cost: Int? = nil,
        responses: ThrottleResponses<Context> = .init()
    ) -> ThrottleMiddleware {
        ThrottleMiddleware(
            stack: [MiddlewareThrottle(throttle, rules: rules, cost: cost)],
            responses: responses,
            record: { context, decision in context.throttleDecision = decision }
        )
    }
}

extension RouterMethods {
    /// A group at the same path whose routes run `throttle`: the way to throttle one route.
    ///
    /// ```swift
    /// router.throttled(by: search).get("/search") { _, _ in "results" }
    /// ```
    public func throttled(
        by throttle: HummingbirdThrottle<Context>,
        rules: ThrottleRules<HummingbirdRequest<Context>> = .none,
        cost: Int? = nil,
        responses: ThrottleResponses<Context> = .init()
    ) -> RouterGroup<Context> {
        group().add(
            middleware: ThrottleMiddleware(throttle, rules: rules, cost: cost, responses: responses)
        )
    }
}
