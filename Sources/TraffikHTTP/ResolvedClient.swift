// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import Traffik

/// The client of one request, found once by a ``ClientAddressResolver``: what every throttle of the request keys by.
///
/// The framework integrations resolve it once per request, in one place (a middleware filling the request context
/// on Hummingbird, the application's setting read into `Request.storage` on Vapor), so two throttles of the same
/// request never identify its client two ways.
///
/// ```swift
/// let client = resolver.resolve(peer: peer) { request.headers[values: $0] }  // Vapor: headers[$0.canonicalName]
/// client.address      // 203.0.113.7, or nil without a peer
/// client.identity     // .client("203.0.113.7"), or .anonymous
/// ```
public struct ResolvedClient: Sendable, Hashable {
    /// The client's address, grouped as the resolver's ``ClientAddressResolver/ipv6PrefixLength`` says; `nil` when
    /// there is no peer (a Unix socket, a test without one).
    public let address: IPAddress?
    /// The client's identity: its address as canonical text, or ``Identity/anonymous`` without one.
    public let identity: Identity
    /// Whether a throttle settled the client as the socket peer because nothing had resolved it yet (not a part of
    /// the client: equality ignores it).
    package let settledWithoutResolver: Bool

    init(address: IPAddress?, identity: Identity, settledWithoutResolver: Bool = false) {
        self.address = address
        self.identity = identity
        self.settledWithoutResolver = settledWithoutResolver
    }

    public static func == (lhs: ResolvedClient, rhs: ResolvedClient) -> Bool {
        lhs.address == rhs.address && lhs.identity == rhs.identity
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(address)
        hasher.combine(identity)
    }

    /// The socket peer, settled by a throttle that found the request's client unresolved; a resolving middleware
    /// that comes later can tell it is misplaced.
    package static func settledPeer(_ peer: IPAddress?) -> ResolvedClient {
        let client = Self.peer(peer)
        return ResolvedClient(address: client.address, identity: client.identity, settledWithoutResolver: true)
    }

    /// The socket peer as the client, reading no header: what a request gets when no resolver was applied to it.
    ///
    /// ```swift
    /// ResolvedClient.peer(IPAddress("203.0.113.7")).identity   // .client("203.0.113.7")
    /// ```
    public static func peer(_ peer: IPAddress?) -> ResolvedClient {
        ClientAddressResolver.peerOnly.resolve(peer: peer) { _ in [] }
    }
}

extension ClientAddressResolver {
    /// Resolves the client of a request: its address and the identity throttles key it by.
    ///
    /// ```swift
    /// let client = resolver.resolve(peer: peer) { request.headers[values: $0] }  // HTTPFields
    /// ```
    ///
    /// - Parameters:
    ///   - peer: The socket peer.
    ///   - headerValues: The values of a request header by name (case-insensitive), one per field line, in order.
    public func resolve(peer: IPAddress?, headerValues: (HTTPField.Name) -> [String]) -> ResolvedClient {
        let address = clientAddress(peer: peer, headerValues: headerValues)
        return ResolvedClient(address: address, identity: identity(of: address))
    }
}
