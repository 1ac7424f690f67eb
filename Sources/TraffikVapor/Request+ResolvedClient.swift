// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import TraffikHTTP
public import Vapor

extension Request {
    private struct ResolvedClientKey: StorageKey {
        typealias Value = ResolvedClient
    }

    /// The request's client, as every throttle of the request sees it: resolved once, on first use, by the
    /// application's ``Vapor/Application/TraffikSettings/clientAddressResolver`` (the socket peer alone unless set),
    /// and kept in the request's storage.
    ///
    /// The socket peer is `Request.remoteAddress`. Vapor's own `Request.peerAddress` is deliberately not used: it
    /// believes the left-most `X-Forwarded-For` entry, which any client can write, and reads `Forwarded` first
    /// whether or not your proxy writes it.
    ///
    /// ```swift
    /// app.get("whoami") { req in req.resolvedClient.address?.description ?? "unknown" }
    /// ```
    public var resolvedClient: ResolvedClient {
        if let client = storage[ResolvedClientKey.self] { return client }
        let resolver = application.traffik.clientAddressResolver
        let client = resolver.resolve(peer: remoteAddress.flatMap(IPAddress.init)) { headers[$0.canonicalName] }
        storage[ResolvedClientKey.self] = client
        return client
    }
}
