// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

extension RedisNodeAddress {
    /// Reads `host:port`, `[IPv6]:port`, or a host alone (`host`, `[IPv6]`, or an IPv6 address without brackets)
    /// with `defaultPort`; `nil` for an empty host, spaces or control characters, or a port that is not decimal
    /// digits. A port out of `1...65535` is read as it is, for `validate()` to name.
    init?(hostAndPort text: String, defaultPort: Int) {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x7F }) else { return nil }
        let host: Substring
        let port: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.isEmpty || rest.hasPrefix(":") else { return nil }
            port = rest.isEmpty ? nil : rest.dropFirst()
        } else if let colon = text.firstIndex(of: ":"), text.lastIndex(of: ":") == colon {
            host = text[..<colon]
            port = text[text.index(after: colon)...]
        } else {
            // No colon, or several: a host name, or an IPv6 address written without brackets.
            host = text[...]
            port = nil
        }
        guard !host.isEmpty else { return nil }
        if let port {
            guard !port.isEmpty, port.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                let number = Int(port)
            else { return nil }
            self.init(host: String(host), port: number)
        } else {
            self.init(host: String(host), port: defaultPort)
        }
    }
}
