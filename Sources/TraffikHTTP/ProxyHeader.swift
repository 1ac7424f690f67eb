// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import HTTPTypes

/// The one forwarding header a resolver reads, and only when the socket peer is a trusted proxy.
///
/// Name the header your proxy writes (or overwrites); no other header is ever consulted, not even as a fallback,
/// because a header your proxy does not write is whatever the client put there.
///
/// ```swift
/// let behindNginx = try ClientAddressResolver(header: .xForwardedFor, trustedProxies: ["10.0.0.0/8"])
/// let behindCloudflare = try ClientAddressResolver(header: .cfConnectingIP, trustedProxies: cloudflareRanges)
/// ```
public struct ProxyHeader: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    enum Kind: Sendable, Hashable, CaseIterable {
        case xForwardedFor
        case forwarded
        case xRealIP
        case cfConnectingIP
        case trueClientIP
    }

    let kind: Kind

    /// `X-Forwarded-For`: a comma-separated list of addresses, each proxy appending the address it received the
    /// request from (nginx's `$proxy_add_x_forwarded_for`, most load balancers). Read right to left.
    public static let xForwardedFor = ProxyHeader(kind: .xForwardedFor)
    /// RFC 7239 `Forwarded`: the `for=` parameter of each element, read right to left. Parsed strictly: one
    /// malformed element makes the whole header unusable.
    public static let forwarded = ProxyHeader(kind: .forwarded)
    /// `X-Real-IP`: one address, set (not appended) by the proxy, as nginx's `proxy_set_header X-Real-IP
    /// $remote_addr` does.
    public static let xRealIP = ProxyHeader(kind: .xRealIP)
    /// `CF-Connecting-IP`: one address, set by Cloudflare. Trust Cloudflare's published ranges.
    public static let cfConnectingIP = ProxyHeader(kind: .cfConnectingIP)
    /// `True-Client-IP`: one address, set by Akamai and Cloudflare Enterprise.
    public static let trueClientIP = ProxyHeader(kind: .trueClientIP)

    /// Every header a resolver can read.
    public static let allCases: [ProxyHeader] = Kind.allCases.map(ProxyHeader.init(kind:))

    /// The header named `name` (case-insensitive, as HTTP field names are), or `nil` when it is none of the above.
    ///
    /// ```swift
    /// ProxyHeader(named: "x-forwarded-for")   // .xForwardedFor
    /// ```
    public init?(named name: some StringProtocol) {
        guard let fieldName = HTTPField.Name(String(name)),
            let header = Self.allCases.first(where: { $0.fieldName == fieldName })
        else { return nil }
        self = header
    }

    init(kind: Kind) { self.kind = kind }

    /// The header's field name (`X-Forwarded-For`).
    public var fieldName: HTTPField.Name {
        switch kind {
        case .xForwardedFor: .xForwardedFor
        case .forwarded: .forwarded
        case .xRealIP: .xRealIP
        case .cfConnectingIP: .cfConnectingIP
        case .trueClientIP: .trueClientIP
        }
    }

    /// The header's name as it is usually written (`X-Forwarded-For`).
    public var name: String { fieldName.rawName }

    /// Whether the header lists one entry per hop (`X-Forwarded-For`, `Forwarded`) rather than holding the one
    /// client address the edge proxy set.
    public var isHopList: Bool {
        switch kind {
        case .xForwardedFor, .forwarded: true
        case .xRealIP, .cfConnectingIP, .trueClientIP: false
        }
    }

    public var description: String { name }
}
