// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import Traffik

/// Finds the client of a request: the socket peer, or, behind proxies that you name, the client they report.
///
/// ## What you configure
/// Nothing, for a server that clients reach directly: ``peerOnly`` (the default everywhere) identifies each client
/// by its socket peer and reads no header at all. Behind proxies, two things:
/// - **the one header your proxies write** (``ProxyHeader``): `X-Forwarded-For`, `Forwarded`, `X-Real-IP`, or a
///   CDN's `CF-Connecting-IP` or `True-Client-IP`. There is no default and no fallback: a header your proxies do
///   not write is whatever the client put in it.
/// - **who your proxies are**: their addresses or CIDR ranges (`trustedProxies`), or, when their addresses are not
///   known, how many of them stand between the client and this server (`trustedHops`). A hop count believes the
///   peer whoever it is, so use it only where the server cannot be reached except through those proxies.
///
/// ```swift
/// // nginx or a load balancer in 10.0.0.0/8, appending to X-Forwarded-For:
/// let resolver = try ClientAddressResolver(header: .xForwardedFor, trustedProxies: ["10.0.0.0/8"])
/// // A cloud load balancer with changing addresses, the only way in:
/// let resolver = try ClientAddressResolver(header: .xForwardedFor, trustedHops: 1)
/// ```
///
/// ## What the library then guarantees
/// - A peer that is not a trusted proxy is the client, whatever its headers say.
/// - Only the named header is read. A list header (`X-Forwarded-For`, `Forwarded`) is read right to left over all
///   its field lines: each trusted proxy appends the address it received the request from, so entries are
///   skipped while they are trusted proxies (or, with `trustedHops: n`, for the n - 1 entries the proxies behind
///   the peer wrote about each other), and the first other entry that is an address is the client. Entries left
///   of it are the client's own text and are never read.
/// - An entry that is not an address (`unknown`, an obfuscated `_hidden`, junk) where the client should be is a
///   client that the nearest trusted hop did not disclose: it is identified as that hop (the address right of
///   the entry, or the peer). Such clients share that hop's budget; none can mint a fresh one by writing text.
/// - When every entry is a trusted proxy, the client is the left-most entry: a trusted proxy wrote it, as the
///   address it received the request from, so it is the origin of the request inside your network (a health
///   check, an internal service). A client inside your trusted ranges is thereby treated as a proxy: keep the
///   ranges to your proxies.
/// - A header that is absent, malformed anywhere (an RFC 7239 `Forwarded` header is parsed strictly: one bad
///   element or an unterminated quote spoils all of it), or longer than 16 KiB: the peer is the client, never a
///   partial reading. A single-address header (`X-Real-IP`, `CF-Connecting-IP`, `True-Client-IP`) must hold
///   exactly one address on one field line.
/// - Bounded work: at most 16 KiB of the header are parsed and at most 64 hops are walked from the right; past
///   64 trusted hops the 64th is the client.
/// - IPv6 clients are identified by their /64 by default (``defaultIPv6PrefixLength``): a single subscriber
///   usually holds a whole /64 and could otherwise take a fresh budget from each of its 2^64 addresses. The
///   identity is then the network in canonical text (`2001:db8:1:2::/64`). IPv4 clients are never grouped.
public struct ClientAddressResolver: Sendable, Hashable {
    /// Who the resolver believes about forwarding.
    enum Trust: Sendable, Hashable {
        case nobody
        case networks([IPNetwork])
        case hops(Int)
    }

    /// The header read from trusted proxies; `nil` for a resolver that reads none.
    public let header: ProxyHeader?
    let trust: Trust
    /// The number of leading bits that identify an IPv6 client, or `nil` to identify each IPv6 address alone.
    public let ipv6PrefixLength: Int?

    /// The IPv6 prefix length clients are grouped by unless told otherwise: 64.
    public static let defaultIPv6PrefixLength = 64

    /// The largest hop count accepted: the walk looks at no more hops than this.
    public static let maxTrustedHops = ForwardedHeaders.maxHops

    /// The socket peer is the client, no header is read, IPv6 clients are grouped by /64: the safe default.
    public static let peerOnly = ClientAddressResolver(header: nil, trust: .nobody, ipv6PrefixLength: 64)

    init(header: ProxyHeader?, trust: Trust, ipv6PrefixLength: Int?) {
        self.header = header
        self.trust = trust
        self.ipv6PrefixLength = ipv6PrefixLength
    }

    /// The socket peer is the client, no header is read, IPv6 clients are grouped by `ipv6PrefixLength` bits
    /// (`nil`: not grouped).
    ///
    /// - Throws: ``ConfigurationError`` when the prefix length is not in 1...128.
    public init(ipv6PrefixLength: Int?) throws(ConfigurationError) {
        try Self.validate(ipv6PrefixLength: ipv6PrefixLength)
        self.init(header: nil, trust: .nobody, ipv6PrefixLength: ipv6PrefixLength)
    }

    /// Believes `header` from peers in `trustedProxies`.
    ///
    /// - Parameters:
    ///   - header: The one header the proxies write.
    ///   - trustedProxies: The proxies' addresses or ranges; at least one, none of them `/0`.
    ///   - ipv6PrefixLength: The leading bits that identify an IPv6 client (1...128), or `nil` not to group.
    /// - Throws: ``ConfigurationError`` for an empty list, a range of every address, or a bad prefix length.
    public init(
        header: ProxyHeader,
        trustedProxies: [IPNetwork],
        ipv6PrefixLength: Int? = ClientAddressResolver.defaultIPv6PrefixLength
    ) throws(ConfigurationError) {
        guard !trustedProxies.isEmpty else { throw .noTrustedProxies }
        if let everything = trustedProxies.first(where: { $0.prefixLength == 0 }) {
            throw .everyAddressTrusted(everything.description)
        }
        try Self.validate(ipv6PrefixLength: ipv6PrefixLength)
        self.init(header: header, trust: .networks(trustedProxies), ipv6PrefixLength: ipv6PrefixLength)
    }

    /// Believes `header` from peers in `trustedProxies`, addresses and CIDR ranges written as text.
    ///
    /// ```swift
    /// let resolver = try ClientAddressResolver(header: .xForwardedFor, trustedProxies: ["10.0.0.0/8", "fd00::/8"])
    /// ```
    ///
    /// - Throws: ``ConfigurationError`` naming the first entry that is not an address or range (or is an
    ///   IPv4-mapped range wider than `/104`), and as the other initialiser does.
    public init(
        header: ProxyHeader,
        trustedProxies: [String],
        ipv6PrefixLength: Int? = ClientAddressResolver.defaultIPv6PrefixLength
    ) throws(ConfigurationError) {
        var networks: [IPNetwork] = []
        for entry in trustedProxies {
            switch IPNetwork.parse(ForwardedHeaders.trimmingWhitespace(entry)) {
            case .success(let network): networks.append(network)
            case .failure(.invalid): throw .invalidNetwork(entry)
            case .failure(.mappedRangeTooWide): throw .mappedRangeTooWide(entry)
            }
        }
        try self.init(header: header, trustedProxies: networks, ipv6PrefixLength: ipv6PrefixLength)
    }

    /// Believes `header` through `trustedHops` proxies, whatever their addresses: the socket peer is the nearest,
    /// and the right-most `trustedHops - 1` entries of a list header are the others.
    ///
    /// Only for a server that cannot be reached except through those proxies: a client that reaches it directly
    /// is taken for a proxy, and its header believed.
    ///
    /// ```swift
    /// let resolver = try ClientAddressResolver(header: .xForwardedFor, trustedHops: 2)   // CDN, then a load balancer
    /// ```
    ///
    /// - Throws: ``ConfigurationError`` when `trustedHops` is not in 1...``maxTrustedHops``, or for a bad prefix
    ///   length.
    public init(
        header: ProxyHeader,
        trustedHops: Int,
        ipv6PrefixLength: Int? = ClientAddressResolver.defaultIPv6PrefixLength
    ) throws(ConfigurationError) {
        guard (1...Self.maxTrustedHops).contains(trustedHops) else { throw .invalidHopCount(trustedHops) }
        try Self.validate(ipv6PrefixLength: ipv6PrefixLength)
        self.init(header: header, trust: .hops(trustedHops), ipv6PrefixLength: ipv6PrefixLength)
    }

    private static func validate(ipv6PrefixLength: Int?) throws(ConfigurationError) {
        if let length = ipv6PrefixLength, !(1...128).contains(length) { throw .invalidIPv6Prefix(length) }
    }

    /// The trusted proxies' ranges; empty for a resolver that trusts a hop count or nobody.
    public var trustedProxies: [IPNetwork] {
        if case .networks(let networks) = trust { networks } else { [] }
    }

    /// The number of trusted hops, for a resolver built with one.
    public var trustedHops: Int? {
        if case .hops(let count) = trust { count } else { nil }
    }

    /// Whether `address` is in the trusted ranges (always `false` for a resolver trusting a hop count or nobody).
    public func isTrusted(_ address: IPAddress) -> Bool {
        trustedProxies.contains { $0.contains(address) }
    }

    /// The client's address, grouped as ``ipv6PrefixLength`` says; `nil` when there is no peer (a Unix socket, a
    /// test without one).
    ///
    /// - Parameters:
    ///   - peer: The socket peer.
    ///   - headerValues: The values of a request header by name (case-insensitive), one per field line, in order.
    public func clientAddress(peer: IPAddress?, headerValues: (HTTPField.Name) -> [String]) -> IPAddress? {
        peer.map { grouped(resolve(peer: $0, headerValues: headerValues)) }
    }

    /// The client's identity: its address as text, or ``Identity/anonymous`` when there is none.
    public func identity(peer: IPAddress?, headerValues: (HTTPField.Name) -> [String]) -> Identity {
        identity(of: clientAddress(peer: peer, headerValues: headerValues))
    }

    /// The identity of a resolved client address: the address as canonical text (with `/prefix` for a grouped
    /// IPv6 client: `2001:db8:1:2::/64`), or ``Identity/anonymous``.
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
        return "\(masked(toPrefix: prefix))/\(prefix)"
    }
}
