// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address, parsed strictly: no zone ids, no host names, no leading or trailing junk.
///
/// IPv4-mapped IPv6 addresses (`::ffff:192.0.2.1`) are read as the IPv4 address they carry, so a dual-stack
/// listener sees one identity per client.
///
/// ```swift
/// IPAddress("192.0.2.1")          // .v4
/// IPAddress("2001:db8::1")        // .v6
/// IPAddress("2001:db8::1%eth0")   // nil
/// ```
public enum IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// An IPv4 address, most significant byte first.
    case v4(UInt32)
    /// An IPv6 address, most significant byte first.
    case v6(UInt128)

    /// Parses dotted IPv4 or RFC 4291 IPv6 text; `nil` for anything else.
    public init?(_ text: some StringProtocol) {
        guard !text.isEmpty, text.utf8.count <= 45 else { return nil }
        let string = String(text)
        var raw = [UInt8](repeating: 0, count: 16)
        if string.contains(":") {
            guard inet_pton(AF_INET6, string, &raw) == 1, let address = IPAddress(bytes: raw) else { return nil }
            self = address
        } else {
            guard inet_pton(AF_INET, string, &raw) == 1, let address = IPAddress(bytes: raw.prefix(4)) else {
                return nil
            }
            self = address
        }
    }

    /// The bytes of the address, most significant first (4 or 16).
    public var bytes: [UInt8] {
        switch self {
        case .v4(let value): (0..<4).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
        case .v6(let value): (0..<16).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
        }
    }

    /// Creates an address from 4 or 16 bytes, most significant first.
    public init?(bytes: some Collection<UInt8>) {
        switch bytes.count {
        case 4: self = .v4(bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        case 16:
            let value = bytes.reduce(UInt128(0)) { $0 << 8 | UInt128($1) }
            self = value >> 32 == 0xFFFF ? .v4(UInt32(truncatingIfNeeded: value)) : .v6(value)
        default: return nil
        }
    }

    /// The number of bits in the address: 32 or 128.
    public var bitWidth: Int {
        if case .v4 = self { 32 } else { 128 }
    }

    /// The address with every bit after the first `prefixLength` cleared.
    public func masked(toPrefix prefixLength: Int) -> IPAddress {
        switch self {
        case .v4(let value):
            let keep = max(0, min(prefixLength, 32))
            return .v4(keep == 0 ? 0 : value & ~(UInt32.max >> keep))
        case .v6(let value):
            let keep = max(0, min(prefixLength, 128))
            return .v6(keep == 0 ? 0 : value & ~(UInt128.max >> keep))
        }
    }

    /// The canonical text: dotted IPv4, or RFC 5952 IPv6 (lowercase, longest zero run compressed).
    public var description: String {
        switch self {
        case .v4(let value):
            return "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
        case .v6:
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            guard inet_ntop(AF_INET6, bytes, &buffer, socklen_t(buffer.count)) != nil else { return "::" }
            return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }
}
