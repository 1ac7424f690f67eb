// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import HTTPTypes
public import Hummingbird
import Logging
import Synchronization
public import TraffikHTTP

/// Resolves each request's client once, into the context, for every throttle after it: the one place a
/// Hummingbird application says how clients are identified.
///
/// Add it to the router before any throttling middleware and before the routes. A request's client is decided once,
/// by the first thing on its path that needs it, and is final: the first ClientAddressMiddleware, or a
/// ThrottleMiddleware placed before any (which takes the socket peer alone). A later ClientAddressMiddleware (on a
/// group, say) leaves the client as it is, so one request is never keyed two ways. On a router without it, clients
/// are identified by their socket peer alone, and no header is read.
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

    /// The warning for a throttle placed before this middleware.
    static var misplacedThrottle: Logger.Message {
        """
        a throttle runs before ClientAddressMiddleware: it keyed the socket peer, and so does every throttle after it \
        in the request; add ClientAddressMiddleware first
        """
    }

    /// Set once this middleware has warned that a throttle runs before it.
    private let warnedOfAThrottleBefore = WarnedOnce()

    /// Resolves the client into `context.resolvedClient`, unless an earlier middleware did, and calls `next`.
    ///
    /// When a throttle before it has already settled the socket peer as the client and this middleware would read
    /// a forwarding header, every throttle of the request keys the peer (behind a proxy, one budget for every
    /// client): that is logged as a warning, once per middleware.
    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if let settled = context.resolvedClient {
            if settled.settledWithoutResolver, resolver.header != nil, warnedOfAThrottleBefore.first() {
                context.logger.warning(Self.misplacedThrottle)
            }
            return try await next(request, context)
        }
        var context = context
        context.resolvedClient = resolver.resolve(peer: context.remoteAddress.flatMap(IPAddress.init)) {
            request.headers[values: $0]
        }
        return try await next(request, context)
    }
}

/// A flag that is set the first time it is asked about.
private final class WarnedOnce: Sendable {
    private let flag = Atomic(false)

    /// `true` the first time only.
    func first() -> Bool {
        !flag.exchange(true, ordering: .acquiringAndReleasing)
    }
}
