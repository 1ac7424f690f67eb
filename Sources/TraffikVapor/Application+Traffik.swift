// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import TraffikHTTP
public import Vapor

extension Application {
    /// The application's Traffik settings: the one place a Vapor application says how clients are identified.
    ///
    /// ```swift
    /// app.traffik.clientAddressResolver = try ClientAddressResolver(header: .xForwardedFor,
    ///                                                               trustedProxies: ["10.0.0.0/8"])
    /// ```
    public var traffik: TraffikSettings { TraffikSettings(application: self) }

    /// Settings every Traffik entry point of the application reads.
    public struct TraffikSettings: Sendable {
        private struct ResolverKey: StorageKey {
            typealias Value = ClientAddressResolver
        }

        let application: Application

        /// How every throttle of the application finds a request's client (``Vapor/Request/resolvedClient``):
        /// ``TraffikHTTP/ClientAddressResolver/peerOnly`` (the socket peer, no header read) until set.
        ///
        /// Set it while configuring the application, before it serves: each request reads it once, when its first
        /// throttle asks for the client, and keeps that client for the rest of the request.
        public var clientAddressResolver: ClientAddressResolver {
            get { application.storage[ResolverKey.self] ?? .peerOnly }
            nonmutating set { application.storage[ResolverKey.self] = newValue }
        }
    }
}
