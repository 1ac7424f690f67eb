// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

extension ClientAddressResolver {
    /// A resolver configuration that cannot be right, refused when the resolver is built.
    ///
    /// ```swift
    /// try ClientAddressResolver(header: .xForwardedFor, trustedProxies: ["::ffff:0:0/96"])
    /// // throws: trusted proxy "::ffff:0:0/96" is an IPv4-mapped range wider than /104 ...
    /// ```
    public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
        enum Code: Sendable, Hashable {
            case invalidNetwork(String)
            case mappedRangeTooWide(String)
            case everyAddressTrusted(String)
            case noTrustedProxies
            case invalidHopCount(Int)
            case invalidIPv6Prefix(Int)
        }

        let code: Code

        /// A trusted-proxy entry that is neither an address nor a CIDR range.
        public static func invalidNetwork(_ entry: String) -> Self { Self(code: .invalidNetwork(entry)) }
        /// An IPv4-mapped IPv6 range (`::ffff:a.b.c.d/N`) with N below 104: wider than one IPv4 /8.
        public static func mappedRangeTooWide(_ entry: String) -> Self { Self(code: .mappedRangeTooWide(entry)) }
        /// A `/0` range, which trusts every address.
        public static func everyAddressTrusted(_ entry: String) -> Self { Self(code: .everyAddressTrusted(entry)) }
        /// An empty list of trusted proxies.
        public static let noTrustedProxies = Self(code: .noTrustedProxies)
        /// A hop count below 1 or above ``ClientAddressResolver/maxTrustedHops``.
        public static func invalidHopCount(_ count: Int) -> Self { Self(code: .invalidHopCount(count)) }
        /// An IPv6 prefix length outside 1...128.
        public static func invalidIPv6Prefix(_ length: Int) -> Self { Self(code: .invalidIPv6Prefix(length)) }

        public var description: String {
            switch code {
            case .invalidNetwork(let entry):
                "invalid trusted proxy \"\(entry)\": expected an IPv4 or IPv6 address or a CIDR range such as "
                    + "10.0.0.0/8"
            case .mappedRangeTooWide(let entry):
                "trusted proxy \"\(entry)\" is an IPv4-mapped range wider than /\(IPNetwork.shortestMappedPrefix) "
                    + "(more than one IPv4 /8); write the IPv4 range itself, such as 10.0.0.0/8"
            case .everyAddressTrusted(let entry):
                "trusted proxy \"\(entry)\" is every address, so any client could name itself; list your proxies' "
                    + "ranges, or use trustedHops if the server is reachable only through them"
            case .noTrustedProxies:
                "no trusted proxies given: list your proxies' addresses or ranges, or use "
                    + "ClientAddressResolver.peerOnly"
            case .invalidHopCount(let count):
                "trusted hop count \(count) is outside 1...\(ClientAddressResolver.maxTrustedHops)"
            case .invalidIPv6Prefix(let length):
                "IPv6 prefix length \(length) is outside 1...128 (use nil not to group IPv6 clients)"
            }
        }
    }
}
