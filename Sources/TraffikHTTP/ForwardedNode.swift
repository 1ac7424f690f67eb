// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// One hop of a forwarding header as a proxy reported it: the address of whoever sent it the request.
enum ForwardedNode: Sendable, Hashable {
    /// A valid IPv4 or IPv6 address (a port, if written, is dropped).
    case address(IPAddress)
    /// A hop the proxy chose not to disclose: `unknown`, an RFC 7239 obfuscated identifier (`_hidden`), or a
    /// `Forwarded` element without `for=`.
    case undisclosed
    /// Anything else: a host name, a typo, junk.
    case invalid

    /// The longest node text looked at; anything longer is ``invalid`` without being parsed.
    static let maxBytes = 64

    /// Parses a node: `192.0.2.1`, `192.0.2.1:80`, `[2001:db8::1]`, `[2001:db8::1]:80`, `unknown`; for
    /// `X-Forwarded-For` (`rfc7239: false`) also a bare IPv6 address; for `Forwarded` (`rfc7239: true`) also an
    /// obfuscated name or port (`_hidden`, `192.0.2.1:_port`), and IPv6 only in brackets, as RFC 7239 section 6
    /// writes them.
    init(_ text: ArraySlice<UInt8>, rfc7239: Bool) {
        guard !text.isEmpty, text.count <= Self.maxBytes else {
            self = .invalid
            return
        }
        if text.first == UInt8(ascii: "[") {
            self = Self.bracketed(text, rfc7239: rfc7239)
            return
        }
        let colons = text.count(where: { $0 == UInt8(ascii: ":") })
        if colons > 1 {
            // A bare IPv6 address: RFC 7239 requires brackets; X-Forwarded-For writers often omit them.
            self = rfc7239 ? .invalid : (Self.address(text).map(Self.address) ?? .invalid)
            return
        }
        var name = text
        if let colon = text.firstIndex(of: UInt8(ascii: ":")) {
            guard Self.isPort(text[(colon + 1)...], rfc7239: rfc7239) else {
                self = .invalid
                return
            }
            name = text[..<colon]
        }
        if let address = Self.address(name) {
            self = .address(address)
        } else if Self.isUnknown(name) || (rfc7239 && Self.isObfuscated(name)) {
            self = .undisclosed
        } else {
            self = .invalid
        }
    }

    private static func bracketed(_ text: ArraySlice<UInt8>, rfc7239: Bool) -> ForwardedNode {
        guard let close = text.firstIndex(of: UInt8(ascii: "]")) else { return .invalid }
        let inner = text[(text.startIndex + 1)..<close]
        let rest = text[(close + 1)...]
        guard inner.contains(UInt8(ascii: ":")), let address = address(inner) else { return .invalid }
        if !rest.isEmpty {
            guard rest.first == UInt8(ascii: ":"), isPort(rest.dropFirst(), rfc7239: rfc7239) else { return .invalid }
        }
        return .address(address)
    }

    static func address(_ bytes: ArraySlice<UInt8>) -> IPAddress? {
        IPAddress(String(decoding: bytes, as: UTF8.self))
    }

    /// `1*5DIGIT`, or (RFC 7239) an obfuscated port.
    private static func isPort(_ text: ArraySlice<UInt8>, rfc7239: Bool) -> Bool {
        if (1...5).contains(text.count), text.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) {
            return true
        }
        return rfc7239 && isObfuscated(text)
    }

    /// `"_" 1*( ALPHA / DIGIT / "." / "_" / "-" )`
    private static func isObfuscated(_ text: ArraySlice<UInt8>) -> Bool {
        guard text.first == UInt8(ascii: "_"), text.count > 1 else { return false }
        return text.dropFirst().allSatisfy { byte in
            isAlphanumeric(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }

    private static func isUnknown(_ text: ArraySlice<UInt8>) -> Bool {
        text.count == 7 && zip(text, "unknown".utf8).allSatisfy { $0 | 0x20 == $1 }
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default: false
        }
    }
}
