// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import Hummingbird
public import TraffikHTTP

/// A request context that carries the request's client, resolved once by a ``ClientAddressMiddleware``: what every
/// throttle of the request (middleware, `enforce`, WebSocket messages, your identifiers) keys by.
///
/// Declare the property as `nil`; the middleware, placed first on the router, fills it:
///
/// ```swift
/// struct AppContext: RequestContext, ClientAddressRequestContext {
///     var coreContext: CoreRequestContextStorage
///     let remoteAddress: SocketAddress?
///     var resolvedClient: ResolvedClient?
///     init(source: ApplicationRequestContextSource) {
///         coreContext = .init(source: source)
///         remoteAddress = source.channel.remoteAddress
///     }
/// }
/// let router = Router(context: AppContext.self)
/// router.add(middleware: ClientAddressMiddleware(try ClientAddressResolver(header: .xForwardedFor,
///                                                                          trustedProxies: ["10.0.0.0/8"])))
/// router.add(middleware: ThrottleMiddleware(perClient))
/// ```
///
/// A request that no ``ClientAddressMiddleware`` resolved is identified by its socket peer alone, reading no header.
public protocol ClientAddressRequestContext: RemoteAddressRequestContext {
    /// The client as the first ``ClientAddressMiddleware`` on the request's path resolved it (or as a
    /// ThrottleMiddleware before any took it: the socket peer); `nil` before.
    var resolvedClient: ResolvedClient? { get set }
}
