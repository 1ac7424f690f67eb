// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import HTTPTypes
public import Hummingbird
public import TraffikHTTP

/// Resolves each request's client once, into the context, for every throttle after it: the one place a
/// Hummingbird application says how clients are identified.
///
/// Add it to the router before any throttling middleware and before the routes. The first one a request meets
/// decides: a later one (on a group, say) leaves the resolved client as it is, so one request is never keyed two
/// ways. Throttles that run before it, or on a router without it, identify the client by its socket peer only.
///
/// ```swift
/// let proxies = try ClientAddressResolver(header: .xForwardedFor, trustedProxies: ["10.0.0.0/8"])
/// router.add(middleware: ClientAddressMiddleware(proxies))
/// router.add(middleware: ThrottleMiddleware(perClient))
/// router.throttled(by: search).get("/search") { _, _ in "results" }
/// ```
public struct ClientAddressMiddleware<Context: ClientAddressRequestContext>: RouterMiddleware {
    /// How clients are found.
    public let resolver: ClientAddressResolver

    /// Creates the middleware.
    ///
    /// - Parameter resolver: How clients are found: the socket peer, or behind the proxies it names, the client
    ///   they report.
    public init(_ resolver: ClientAddressResolver) {
        self.resolver = resolver
    }

    /// Resolves the client into `context.resolvedClient`, unless an earlier middleware did, and calls `next`.
    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard context.resolvedClient == nil else { return try await next(request, context) }
        var context = context
        context.resolvedClient = resolver.resolve(peer: context.remoteAddress.flatMap(IPAddress.init)) { name in
            HTTPField.Name(name).map { request.headers[values: $0] } ?? []
        }
        return try await next(request, context)
    }
}
