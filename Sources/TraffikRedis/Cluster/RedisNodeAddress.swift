// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// Where a Redis Cluster node listens: `RedisNodeAddress(host: "10.0.0.7", port: 7000)`.
public struct RedisNodeAddress: Sendable, Hashable, CustomStringConvertible {
    /// The node's host name or IP address.
    public var host: String
    /// The node's TCP port.
    public var port: Int

    /// Creates an address.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// The ports a node can listen on.
    static let ports = 1...65_535

    /// The longest host name a server may name: a DNS name has at most 253 characters.
    static let maximumHostLength = 255

    /// An address a server named (in `CLUSTER SLOTS`, `MOVED` or `ASK`), or `nil` when it cannot be connected to:
    /// an empty host, one longer than ``maximumHostLength`` or holding spaces or control characters, or a port
    /// outside `1...65535`.
    init?(serverNamedHost host: String, port: Int64) {
        guard !host.isEmpty, host.utf8.count <= Self.maximumHostLength,
            host.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x7F }),
            port >= Self.ports.lowerBound, port <= Self.ports.upperBound
        else { return nil }
        self.init(host: host, port: Int(port))
    }

    /// `host:port`, with an IPv6 host in brackets.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
