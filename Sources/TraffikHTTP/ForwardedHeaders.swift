// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// The parsers of the forwarding headers: small, strict, bounded, and never trapping on any input.
///
/// Each takes a header's field lines in order (as a request holds them) and returns `nil` when the header is
/// unusable; the resolver then takes the socket peer as the client. List parsers return the hops in the order the
/// header lists them (client side first, nearest proxy last).
enum ForwardedHeaders {
    /// The most bytes of one header read, all field lines together (each line counting one more, for its
    /// separator). A longer header is unusable: no proxy chain needs more, and the work per request stays small.
    static let maxBytes = 16 * 1024

    /// The most hops the resolver walks from the right. Past them, the left-most hop looked at that was a trusted
    /// proxy is taken as the client; nothing further left is ever read.
    static let maxHops = 64

    /// The hops of `X-Forwarded-For`, across all field lines; `nil` when the header is absent or over
    /// ``maxBytes``. Empty list elements are skipped (RFC 9110 section 5.6.1); an entry that is not an address is
    /// kept as ``ForwardedNode/invalid`` (or ``ForwardedNode/undisclosed`` for `unknown`), never dropped.
    static func xForwardedFor(_ values: [String]) -> [ForwardedNode]? {
        guard !values.isEmpty, isWithinLimit(values) else { return nil }
        var nodes: [ForwardedNode] = []
        for value in values {
            let bytes = Array(value.utf8)
            for entry in bytes.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
                let trimmed = trimmingWhitespace(entry)
                if !trimmed.isEmpty { nodes.append(ForwardedNode(trimmed, rfc7239: false)) }
            }
        }
        return nodes
    }

    /// The one address of a single-address header (`X-Real-IP`, `CF-Connecting-IP`, `True-Client-IP`): exactly
    /// one field line holding exactly one IPv4 or IPv6 address (surrounding spaces allowed, no port, no brackets).
    /// Anything else (several lines, a list, junk) is `nil`.
    static func singleAddress(_ values: [String]) -> IPAddress? {
        guard values.count == 1, let value = values.first, value.utf8.count <= ForwardedNode.maxBytes else {
            return nil
        }
        let trimmed = trimmingWhitespace(Array(value.utf8)[...])
        return ForwardedNode.address(trimmed)
    }

    static func isWithinLimit(_ values: [String]) -> Bool {
        var total = 0
        for value in values {
            total += value.utf8.count + 1
            if total > maxBytes { return false }
        }
        return true
    }

    /// `OWS = *( SP / HTAB )` removed from both ends.
    static func trimmingWhitespace(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let start = bytes.firstIndex(where: { !isWhitespace($0) }) ?? bytes.endIndex
        let end = bytes.lastIndex(where: { !isWhitespace($0) }).map { $0 + 1 } ?? start
        return bytes[start..<max(start, end)]
    }

    /// `text` without spaces and tabs at either end.
    static func trimmingWhitespace(_ text: String) -> String {
        String(decoding: trimmingWhitespace(Array(text.utf8)[...]), as: UTF8.self)
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }
}
