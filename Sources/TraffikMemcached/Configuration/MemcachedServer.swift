// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// One Memcached node: a host and a port.
///
/// ```swift
/// let node = try MemcachedServer(parsing: "cache-1.internal:11211")
/// let local = MemcachedServer(host: "127.0.0.1")  // port 11211
/// ```
public struct MemcachedServer: Sendable, Hashable, CustomStringConvertible {
    /// The host name or IP address.
    public var host: String
    /// The TCP port.
    public var port: Int

    /// Creates a server address.
    public init(host: String, port: Int = 11211) {
        self.host = host
        self.port = port
    }

    /// Reads `host[:port]` (IPv6 hosts in brackets: `[::1]:11211`).
    ///
    /// - Throws: ``MemcachedClientError/Kind/invalidCommand`` naming the bad part.
    public init(parsing address: String) throws {
        var host = Substring(address)
        var portText: Substring?
        if address.hasPrefix("["), let close = address.firstIndex(of: "]") {
            host = address[address.index(after: address.startIndex)..<close]
            let rest = address[address.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else {
                    throw MemcachedClientError(.invalidCommand, "unexpected text after ] in '\(address)'")
                }
                portText = rest.dropFirst()
            }
        } else if let colon = address.firstIndex(of: ":"), address.lastIndex(of: ":") == colon {
            host = address[..<colon]
            portText = address[address.index(after: colon)...]
        }
        var port = 11211
        if let portText {
            guard let number = Int(portText), (1...65_535).contains(number) else {
                throw MemcachedClientError(.invalidCommand, "the port in '\(address)' must be a number in 1...65535")
            }
            port = number
        }
        guard !host.isEmpty else { throw MemcachedClientError(.invalidCommand, "the host is missing in '\(address)'") }
        self.init(host: String(host), port: port)
    }

    /// `host:port`.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
