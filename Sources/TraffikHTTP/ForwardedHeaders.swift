/// Parsers for the forwarding headers. Each returns the addresses in the order the header lists them (client
/// first, nearest proxy last); entries that are not a valid address (`unknown`, obfuscated names, host names,
/// garbage) come back as `nil`, so a caller walking from the right can skip them without trusting them.
enum ForwardedHeaders {
    /// The `for=` addresses of RFC 7239 `Forwarded` field values, one per element, across all field lines.
    ///
    /// Handles quoted values, bracketed IPv6 (`"[2001:db8::1]:4711"`), IPv4 with a port, and parameters in any
    /// order and case.
    static func forwardedFor(_ values: [String]) -> [IPAddress?] {
        var result: [IPAddress?] = []
        for value in values {
            for element in splitOutsideQuotes(value, on: ",") {
                var address: IPAddress?? = nil
                for pair in splitOutsideQuotes(element, on: ";") {
                    let parts = pair.split(separator: "=", maxSplits: 1)
                    guard parts.count == 2, parts[0].trimmingSpaces().lowercased() == "for" else { continue }
                    address = .some(nodeAddress(unquote(parts[1].trimmingSpaces())))
                }
                if let address { result.append(address) }
            }
        }
        return result
    }

    /// The addresses of `X-Forwarded-For` field values, across all field lines.
    static func xForwardedFor(_ values: [String]) -> [IPAddress?] {
        values.flatMap { value in
            value.split(separator: ",", omittingEmptySubsequences: false).map { entry in
                nodeAddress(entry.trimmingSpaces())
            }
        }
    }

    /// The address of the last `X-Real-IP` field line.
    static func xRealIP(_ values: [String]) -> [IPAddress?] {
        guard let last = values.last else { return [] }
        return [nodeAddress(last.trimmingSpaces())]
    }

    /// An address with an optional port: `192.0.2.1`, `192.0.2.1:80`, `[2001:db8::1]`, `[2001:db8::1]:80`, or a
    /// bare IPv6 address.
    static func nodeAddress(_ text: Substring) -> IPAddress? {
        if text.first == "[" {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let rest = text[text.index(after: close)...]
            guard rest.isEmpty || (rest.first == ":" && rest.dropFirst().allSatisfy(\.isNumber) && rest.count > 1)
            else {
                return nil
            }
            return IPAddress(text[text.index(after: text.startIndex)..<close])
        }
        if let address = IPAddress(text) { return address }
        // IPv4 with a port.
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[1].isEmpty, parts[1].allSatisfy(\.isNumber), !parts[0].contains(":") else {
            return nil
        }
        guard let address = IPAddress(parts[0]), case .v4 = address else { return nil }
        return address
    }

    private static func unquote(_ text: Substring) -> Substring {
        guard text.count >= 2, text.first == "\"", text.last == "\"" else { return text }
        return text.dropFirst().dropLast()
    }

    private static func splitOutsideQuotes(_ text: some StringProtocol, on separator: Character) -> [Substring] {
        let string = Substring(text)
        var parts: [Substring] = []
        var start = string.startIndex
        var quoted = false
        var index = string.startIndex
        while index < string.endIndex {
            let character = string[index]
            if character == "\"" { quoted.toggle() }
            if character == separator, !quoted {
                parts.append(string[start..<index])
                start = string.index(after: index)
            }
            index = string.index(after: index)
        }
        parts.append(string[start...])
        return parts
    }
}

extension StringProtocol {
    func trimmingSpaces() -> Substring {
        let substring = Substring(self)
        guard let first = substring.firstIndex(where: { !$0.isWhitespace }),
            let last = substring.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return substring[first...last]
    }
}
