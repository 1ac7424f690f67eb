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

    /// `host:port`, with an IPv6 host in brackets.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
