// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// A range of addresses in CIDR notation (`10.0.0.0/8`, `2001:db8::/32`), or a single address.
///
/// An IPv4-mapped IPv6 range (`::ffff:10.0.0.0/104`) is kept as the IPv4 range it covers (`10.0.0.0/8`). Written
/// with a prefix shorter than /104 it would cover more than one IPv4 /8 (`::ffff:0:0/96` is every IPv4 address),
/// which is never what a list of trusted proxies means, so it does not parse.
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    /// The first address of the range.
    public let address: IPAddress
    /// How many leading bits every address in the range shares.
    public let prefixLength: Int

    /// Why a text is not a range.
    enum ParseFailure: Error, Sendable, Hashable {
        /// Not an address, or a prefix length out of range.
        case invalid
        /// An IPv4-mapped IPv6 range with a prefix shorter than /104.
        case mappedRangeTooWide
    }

    /// The shortest prefix accepted for an IPv4-mapped IPv6 range: 96 bits of mapping prefix and an IPv4 /8.
    static let shortestMappedPrefix = 104

    /// Parses `ADDRESS` or `ADDRESS/PREFIX`; `nil` when either part is invalid, or for an IPv4-mapped range wider
    /// than /104.
    public init?(_ text: some StringProtocol) {
        guard case .success(let network) = Self.parse(text) else { return nil }
        self = network
    }

    /// Parses `ADDRESS` or `ADDRESS/PREFIX`, saying why not.
    static func parse(_ text: some StringProtocol) -> Result<IPNetwork, ParseFailure> {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = parts.first, let address = IPAddress(first) else { return .failure(.invalid) }
        var length = address.bitWidth
        if parts.count == 2 {
            let writtenAsIPv6 = first.contains(":")
            guard (1...3).contains(parts[1].utf8.count),
                parts[1].utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
                let value = Int(parts[1]), (0...(writtenAsIPv6 ? 128 : 32)).contains(value)
            else { return .failure(.invalid) }
            if writtenAsIPv6, address.bitWidth == 32 {
                guard value >= shortestMappedPrefix else { return .failure(.mappedRangeTooWide) }
                length = value - 96
            } else {
                length = value
            }
        }
        return .success(IPNetwork(address: address, prefixLength: length))
    }

    /// Creates the range of `address` with `prefixLength` leading bits (clamped to the address's width).
    public init(address: IPAddress, prefixLength: Int) {
        self.prefixLength = max(0, min(prefixLength, address.bitWidth))
        self.address = address.masked(toPrefix: self.prefixLength)
    }

    /// Whether `candidate` is in the range (never across address families).
    public func contains(_ candidate: IPAddress) -> Bool {
        switch (address, candidate) {
        case (.v4, .v4), (.v6, .v6): candidate.masked(toPrefix: prefixLength) == address
        default: false
        }
    }

    public var description: String { "\(address)/\(prefixLength)" }
}
