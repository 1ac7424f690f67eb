// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import NIOCore
public import NIOSSL

/// TLS settings for the connections of a ``RedisClient`` (the `rediss://` scheme).
///
/// The defaults trust the system's certificate authorities and verify the server's certificate against the host
/// the client connects to. A server with a certificate of a private authority needs that authority:
///
/// ```swift
/// var tls = TLSConfiguration.makeClientConfiguration()
/// tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile("/etc/redis/ca.pem"))
/// var configuration = try RedisConfiguration(url: "rediss://:secret@cache.internal:6380")
/// configuration.tls = RedisTLS(configuration: tls)
/// ```
public struct RedisTLS: Sendable {
    /// The TLS settings: trust roots, verification, client certificate, protocol versions.
    public var configuration: TLSConfiguration
    /// The name sent for SNI and verified against the certificate; `nil` uses the configured host, unless it is an
    /// IP address (the certificate is then verified against the address).
    public var serverHostname: String?

    /// Creates TLS settings.
    ///
    /// - Parameters:
    ///   - configuration: The TLS settings (by default the system's trust roots and full verification).
    ///   - serverHostname: The name for SNI and verification, if not the configured host.
    public init(
        configuration: TLSConfiguration = .makeClientConfiguration(),
        serverHostname: String? = nil
    ) {
        self.configuration = configuration
        self.serverHostname = serverHostname
    }

    /// Puts a TLS handler at the front of `channel`'s pipeline, for a connection to `host`.
    func addHandler(to channel: any Channel, host: String) throws {
        let context = try NIOSSLContext(configuration: configuration)
        let name = serverHostname ?? (IPAddressText.isAddress(host) ? nil : host)
        let handler = try NIOSSLClientHandler(context: context, serverHostname: name)
        try channel.pipeline.syncOperations.addHandler(handler)
    }
}

/// Whether a host string is an IP address, which TLS may not send as a server name.
enum IPAddressText {
    static func isAddress(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }
}
