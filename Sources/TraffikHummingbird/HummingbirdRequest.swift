// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import HTTPTypes
public import Hummingbird
public import Traffik
public import TraffikHTTP

/// A Hummingbird request as a throttle sees it: the request, its context, and the client's address.
///
/// The client is, first, the one a ``ClientAddressMiddleware`` resolved into a ``ClientAddressRequestContext``
/// (the socket peer, or behind trusted proxies the client they report); else the socket peer alone, when the
/// context conforms to `RemoteAddressRequestContext`, with no header read (Hummingbird itself reads no forwarding
/// header). A context without a remote address makes every client ``Identity/anonymous``, sharing one budget, so
/// give your context one:
///
/// ```swift
/// struct AppContext: RequestContext, RemoteAddressRequestContext {
///     var coreContext: CoreRequestContextStorage
///     let remoteAddress: SocketAddress?
///     init(source: ApplicationRequestContextSource) {
///         coreContext = .init(source: source)
///         remoteAddress = source.channel.remoteAddress
///     }
/// }
/// ```
public struct HummingbirdRequest<Context: RequestContext>: HTTPThrottleInput {
    /// The request.
    public let request: Request
    /// The request's context, for identifiers that read what earlier middleware stored there.
    public let context: Context
    /// The request's client: its address and identity.
    public let client: ResolvedClient
    /// The resolved client address.
    public var clientAddress: IPAddress? { client.address }
    /// The client's identity: its address (IPv6 grouped by /64 unless the app's resolver says otherwise), or
    /// ``Identity/anonymous``.
    public var throttleIdentity: Identity { client.identity }

    /// Wraps a request, taking its client from the context: the one a ``ClientAddressMiddleware`` resolved, else
    /// the socket peer.
    public init(_ request: Request, context: Context) {
        self.request = request
        self.context = context
        self.client =
            (context as? any ClientAddressRequestContext)?.resolvedClient
            ?? .peer((context as? any RemoteAddressRequestContext)?.remoteAddress.flatMap(IPAddress.init))
    }

    public var method: String { request.method.rawValue }
    public var path: String { request.uri.path }
    public var route: String? { context.endpointPath }

    public func headerValues(_ name: HTTPField.Name) -> [String] { request.headers[values: name] }
}

/// A throttle for Hummingbird requests with context `Context`.
///
/// ```swift
/// let items = try HummingbirdThrottle<AppContext>(uid: "items", rate: "100/min", backend: .fixed(memory))
/// var perKey = HummingbirdThrottle<AppContext>.Configuration(rate: "1000/h")
/// perKey.identifier = { input in input.header("X-API-Key").map(Identity.client) ?? input.throttleIdentity }
/// let byKey = try HummingbirdThrottle<AppContext>(uid: "api", backend: .fixed(memory), configuration: perKey)
/// ```
public typealias HummingbirdThrottle<Context: RequestContext> = Throttle<HummingbirdRequest<Context>>
