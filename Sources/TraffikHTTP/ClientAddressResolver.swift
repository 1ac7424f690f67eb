public import Traffik

/// Finds the client's address: the socket peer, or, when the peer is a trusted proxy, the address the proxies
/// forwarded.
///
/// Forwarding headers are honoured only from trusted proxies, so a client talking to the server directly cannot
/// choose its own identity with a spoofed `X-Forwarded-For`. Lists are read right to left: the right-most entry was
/// added by the nearest proxy, and the first address that is not a trusted proxy is the client. Entries that are
/// not valid addresses are skipped, never trusted.
///
/// ```swift
/// let resolver = try ClientAddressResolver(trustedProxies: ["10.0.0.0/8", "2001:db8::/32"], ipv6PrefixLength: 64)
/// ```
public struct ClientAddressResolver: Sendable {
    /// The proxies whose forwarding headers are believed.
    public var trustedProxies: [IPNetwork]
    /// The headers read from trusted proxies, preferred in the order `Forwarded`, `X-Forwarded-For`, `X-Real-IP`.
    public var headers: ProxyHeaders
    /// When set, IPv6 clients are identified by this many leading bits (64 groups a whole /64 subnet, which one
    /// client usually controls); IPv4 clients are unaffected.
    public var ipv6PrefixLength: Int?

    /// The socket peer, with no proxies trusted: the safe default.
    public static let peerOnly = ClientAddressResolver(trustedProxies: [IPNetwork]())

    /// Creates a resolver from parsed networks.
    public init(trustedProxies: [IPNetwork], headers: ProxyHeaders = .all, ipv6PrefixLength: Int? = nil) {
        self.trustedProxies = trustedProxies
        self.headers = headers
        self.ipv6PrefixLength = ipv6PrefixLength
    }

    /// Creates a resolver from addresses and CIDR ranges written as text.
    ///
    /// - Throws: ``InvalidNetworkError`` naming the first entry that is not an address or range.
    public init(
        trustedProxies: [String],
        headers: ProxyHeaders = .all,
        ipv6PrefixLength: Int? = nil
    ) throws(InvalidNetworkError) {
        var networks: [IPNetwork] = []
        for entry in trustedProxies {
            guard let network = IPNetwork(entry.trimmingSpaces()) else { throw InvalidNetworkError(entry: entry) }
            networks.append(network)
        }
        self.init(trustedProxies: networks, headers: headers, ipv6PrefixLength: ipv6PrefixLength)
    }

    /// Whether `address` is a trusted proxy.
    public func isTrusted(_ address: IPAddress) -> Bool {
        trustedProxies.contains { $0.contains(address) }
    }

    /// The client's address, or `nil` when there is no peer (a Unix socket, a test without one).
    ///
    /// - Parameters:
    ///   - peer: The socket peer.
    ///   - headerValues: The values of a request header by name (case-insensitive), one per field line.
    public func clientAddress(peer: IPAddress?, headerValues: (String) -> [String]) -> IPAddress? {
        guard let peer else { return nil }
        guard !headers.isEmpty, !trustedProxies.isEmpty, isTrusted(peer) else { return grouped(peer) }
        let sources: [(ProxyHeaders, String, ([String]) -> [IPAddress?])] = [
            (.forwarded, "Forwarded", ForwardedHeaders.forwardedFor),
            (.xForwardedFor, "X-Forwarded-For", ForwardedHeaders.xForwardedFor),
            (.xRealIP, "X-Real-IP", ForwardedHeaders.xRealIP),
        ]
        for (flag, name, parse) in sources where headers.contains(flag) {
            let values = headerValues(name)
            guard !values.isEmpty else { continue }
            var leftmostTrusted: IPAddress?
            for entry in parse(values).reversed() {
                guard let address = entry else { continue }
                if !isTrusted(address) { return grouped(address) }
                leftmostTrusted = address
            }
            if let leftmostTrusted { return grouped(leftmostTrusted) }
        }
        return grouped(peer)
    }

    /// The client's identity: its address as text, or ``Identity/anonymous`` when there is none.
    public func identity(peer: IPAddress?, headerValues: (String) -> [String]) -> Identity {
        identity(of: clientAddress(peer: peer, headerValues: headerValues))
    }

    /// The identity of a resolved client address: the address as text (with `/prefix` for a grouped IPv6
    /// client), or ``Identity/anonymous``.
    public func identity(of address: IPAddress?) -> Identity {
        address.map { .client($0.identityText(prefix: ipv6PrefixLength)) } ?? .anonymous
    }

    private func grouped(_ address: IPAddress) -> IPAddress {
        guard let length = ipv6PrefixLength, case .v6 = address else { return address }
        return address.masked(toPrefix: length)
    }
}

extension IPAddress {
    /// The text of an identity: the address, with `/prefix` for a grouped IPv6 client.
    func identityText(prefix: Int?) -> String {
        guard let prefix, case .v6 = self else { return description }
        return "\(description)/\(prefix)"
    }
}

/// A trusted-proxy entry that is neither an address nor a CIDR range.
public struct InvalidNetworkError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The entry as given.
    public let entry: String

    /// Creates the error for `entry`.
    public init(entry: String) { self.entry = entry }

    public var description: String {
        "invalid trusted proxy \"\(entry)\": expected an IPv4 or IPv6 address or a CIDR range such as 10.0.0.0/8"
    }
}
