// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import Traffik
public import TraffikHTTP
public import Vapor

/// A Vapor request as a throttle sees it: the request and the client's address.
///
/// The client is the request's ``Vapor/Request/resolvedClient``: the socket peer (`Request.remoteAddress`), or, when
/// that peer is a trusted proxy of the application's ``Vapor/Application/TraffikSettings/clientAddressResolver``,
/// the client it reports in the one header the resolver names. It is resolved once per request, so every throttle
/// of the request sees the same client.
///
/// ```swift
/// app.traffik.clientAddressResolver = try ClientAddressResolver(header: .xForwardedFor, trustedProxies: ["10.0.0.0/8"])
/// app.get("whoami") { req in VaporRequest(req).clientAddress?.description ?? "unknown" }
/// ```
public struct VaporRequest: HTTPThrottleInput {
    /// The request, for identifiers and rules that read more of it (its `storage`, authentication, parameters).
    public let request: Request
    /// The request's client: its address and identity.
    public let client: ResolvedClient
    /// The resolved client address; `nil` when there is no peer (the in-memory tester, a Unix socket).
    public var clientAddress: IPAddress? { client.address }
    /// The client's identity: its address (IPv6 grouped by /64 unless the application's resolver says otherwise), or
    /// ``Identity/anonymous``.
    public var throttleIdentity: Identity { client.identity }

    /// Wraps a request, with its ``Vapor/Request/resolvedClient``.
    public init(_ request: Request) {
        self.request = request
        self.client = request.resolvedClient
    }

    /// The method, upper case.
    public var method: String { request.method.rawValue }
    /// The path, without the query string.
    public var path: String { request.url.path }
    /// The matched route's pattern (`/items/:id`), once Vapor has routed the request.
    public var route: String? {
        request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") }
    }

    /// The values of a header, one per field line.
    public func headerValues(_ name: HTTPField.Name) -> [String] { request.headers[name.canonicalName] }
}

/// A throttle for Vapor requests.
///
/// ```swift
/// let items = try VaporThrottle(uid: "items", rate: "100/min", backend: .fixed(memory))
/// var perKey = VaporThrottle.Configuration(rate: "1000/h")
/// perKey.identifier = { input in input.header("X-API-Key").map(Identity.client) ?? input.throttleIdentity }
/// let byKey = try VaporThrottle(uid: "api", backend: .fixed(memory), configuration: perKey)
/// ```
public typealias VaporThrottle = Throttle<VaporRequest>
