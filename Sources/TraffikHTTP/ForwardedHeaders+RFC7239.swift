// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

extension ForwardedHeaders {
    /// The hops of RFC 7239 `Forwarded`, one per element across all field lines: the `for=` node of each, or
    /// ``ForwardedNode/undisclosed`` for an element without one.
    ///
    /// The grammar is section 4's, with the quoted-string and quoted-pair of RFC 9110:
    ///
    /// ```
    /// Forwarded         = 1#forwarded-element
    /// forwarded-element = [ forwarded-pair ] *( ";" [ forwarded-pair ] )
    /// forwarded-pair    = token "=" ( token / quoted-string )
    /// ```
    ///
    /// Spaces are allowed around `,` (as in every list) and around `;`, nowhere else. Returns `nil`, the whole
    /// header unusable, when the header is absent or over ``maxBytes``, or when any field line is not in that
    /// grammar: an unterminated quoted string, a bad escape, a control character, a pair without `=` or with an
    /// empty value, a parameter given twice in one element, a line with no element. One bad element poisons the
    /// header because after it nothing says where the client's text ends and a proxy's begins.
    static func forwarded(_ values: [String]) -> [ForwardedNode]? {
        guard !values.isEmpty, isWithinLimit(values) else { return nil }
        var nodes: [ForwardedNode] = []
        for value in values {
            var parser = ForwardedParser(Array(value.utf8))
            guard let line = parser.elements() else { return nil }
            nodes += line
        }
        return nodes
    }
}

/// A parser of one `Forwarded` field line.
private struct ForwardedParser {
    static let forName = Array("for".utf8)

    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    /// `1#forwarded-element`, allowing empty list elements; `nil` when malformed.
    mutating func elements() -> [ForwardedNode]? {
        var nodes: [ForwardedNode] = []
        while true {
            skipWhitespace()
            guard let byte = current else { break }
            if byte == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard let node = element() else { return nil }
            nodes.append(node)
            skipWhitespace()
            guard let next = current else { break }
            guard next == UInt8(ascii: ",") else { return nil }
            index += 1
        }
        return nodes.isEmpty ? nil : nodes
    }

    /// One element, up to (not including) the `,` or the end of the line.
    private mutating func element() -> ForwardedNode? {
        var names: Set<[UInt8]> = []
        var node = ForwardedNode.undisclosed
        while true {
            skipWhitespace()
            if let byte = current, Self.isTokenCharacter(byte) {
                guard let (name, value) = pair(), names.insert(name).inserted else { return nil }
                if name == Self.forName { node = ForwardedNode(value[...], rfc7239: true) }
                skipWhitespace()
            }
            guard current == UInt8(ascii: ";") else { return node }
            index += 1
        }
    }

    /// `token "=" ( token / quoted-string )`, the name lowercased and the value unescaped.
    private mutating func pair() -> (name: [UInt8], value: [UInt8])? {
        let name = token().map { $0 | (Self.isUppercase($0) ? 0x20 : 0) }
        guard !name.isEmpty, current == UInt8(ascii: "=") else { return nil }
        index += 1
        if current == UInt8(ascii: "\"") { return quotedString().map { (name, $0) } }
        let value = token()
        return value.isEmpty ? nil : (name, value)
    }

    private mutating func token() -> [UInt8] {
        let start = index
        while let byte = current, Self.isTokenCharacter(byte) { index += 1 }
        return Array(bytes[start..<index])
    }

    /// `DQUOTE *( qdtext / quoted-pair ) DQUOTE`, unescaped; `nil` when unterminated or holding a byte neither
    /// allows.
    private mutating func quotedString() -> [UInt8]? {
        index += 1
        var value: [UInt8] = []
        while let byte = current {
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return value
            case UInt8(ascii: "\\"):
                guard let escaped = current, Self.isQuotedPairCharacter(escaped) else { return nil }
                index += 1
                value.append(escaped)
            case _ where Self.isQuotedTextCharacter(byte):
                value.append(byte)
            default:
                return nil
            }
        }
        return nil
    }

    private mutating func skipWhitespace() {
        while let byte = current, ForwardedHeaders.isWhitespace(byte) { index += 1 }
    }

    /// `tchar` of RFC 9110 section 5.6.2.
    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x21, 0x23...0x27, 0x2A, 0x2B, 0x2D, 0x2E, 0x5E...0x60, 0x7C, 0x7E: true  // !#$%&'*+-.^_`|~
        default: ForwardedNode.isAlphanumeric(byte)
        }
    }

    /// `qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text`
    static func isQuotedTextCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x09, 0x20, 0x21, 0x23...0x5B, 0x5D...0x7E, 0x80...0xFF: true
        default: false
        }
    }

    /// `quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )`
    static func isQuotedPairCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x09, 0x20...0x7E, 0x80...0xFF: true
        default: false
        }
    }

    static func isUppercase(_ byte: UInt8) -> Bool { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) }
}
