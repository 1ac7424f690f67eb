/// A range of addresses in CIDR notation (`10.0.0.0/8`, `2001:db8::/32`), or a single address.
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    /// The first address of the range.
    public let address: IPAddress
    /// How many leading bits every address in the range shares.
    public let prefixLength: Int

    /// Parses `ADDRESS` or `ADDRESS/PREFIX`; `nil` when either part is invalid.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(parts[0]) else { return nil }
        var length = address.bitWidth
        if parts.count == 2 {
            let writtenAsIPv6 = parts[0].contains(":")
            guard parts[1].allSatisfy(\.isNumber), let value = Int(parts[1]),
                (0...(writtenAsIPv6 ? 128 : 32)).contains(value)
            else { return nil }
            // An IPv4-mapped IPv6 range (::ffff:0:0/96 and longer) is kept as the IPv4 range it covers.
            length = writtenAsIPv6 && address.bitWidth == 32 ? max(0, value - 96) : value
        }
        self.init(address: address, prefixLength: length)
    }

    /// Creates the range of `address` with `prefixLength` leading bits.
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
