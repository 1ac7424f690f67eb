// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Traffik
import TraffikConnectionPool

extension RedisConfiguration {
    /// Reads the connection settings from a URL of the form `redis://[[user]:password@]host[:port][/database]`, or
    /// `rediss://…` for TLS.
    ///
    /// User and password may be percent-encoded. The port defaults to 6379 and the database to 0; IPv6 hosts are
    /// written in brackets (`redis://[::1]:6380`). Pool, timeouts and backoff take the values given here.
    /// `rediss://` sets ``tls`` to ``RedisTLS/init(configuration:serverHostname:)``'s defaults: the system's trusted
    /// certificate authorities and full verification of the server's certificate against the host.
    ///
    /// - Throws: ``RedisURLError`` naming the bad part (``RedisURLError/Kind/invalidSetting`` for a pool size,
    ///   timeout or backoff that cannot work); the password never appears in the error.
    public init(
        url: String,
        maximumConnections: Int = 4,
        connectTimeout: Duration = .seconds(2),
        commandTimeout: Duration = .seconds(2),
        reconnectBackoff: ReconnectBackoff = ReconnectBackoff()
    ) throws {
        let parts = try RedisURLParts(url)
        self.init(
            host: parts.host,
            port: parts.port,
            username: parts.username,
            password: parts.password,
            database: parts.database,
            maximumConnections: maximumConnections,
            connectTimeout: connectTimeout,
            commandTimeout: commandTimeout,
            reconnectBackoff: reconnectBackoff,
            tls: parts.usesTLS ? RedisTLS() : nil
        )
        if let problem {
            throw RedisURLError(.invalidSetting, url: parts.redactedURL, reason: problem)
        }
    }
}

/// The pieces of a `redis://` URL.
struct RedisURLParts {
    var host: String
    var port = 6379
    var username: String?
    var password: String?
    var database = 0
    var usesTLS = false
    /// The URL with its password masked, for errors.
    var redactedURL: String

    init(_ url: String) throws {
        var redacted = url
        func fail(_ kind: RedisURLError.Kind, _ reason: String) -> RedisURLError {
            RedisURLError(kind, url: redacted, reason: reason)
        }

        guard let schemeEnd = url.firstRange(of: "://") else {
            throw fail(.unsupportedScheme, "expected redis://host[:port][/database]")
        }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        var rest = url[schemeEnd.upperBound...]
        if let at = rest.lastIndex(of: "@") {
            let user = rest[..<at].firstIndex(of: ":").map { rest[...$0] } ?? ""
            redacted = String(url[..<schemeEnd.upperBound]) + user + "***" + rest[at...]
        }
        redactedURL = redacted
        switch scheme {
        case "redis": break
        case "rediss": usesTLS = true
        default: throw fail(.unsupportedScheme, "the scheme must be redis:// or rediss://, got \(scheme)://")
        }
        guard !rest.contains("?"), !rest.contains("#") else {
            throw fail(.unsupportedComponent, "query parameters and fragments are not supported")
        }

        // Credentials: everything before the last "@".
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
            guard let colon = userInfo.firstIndex(of: ":") else {
                throw fail(.invalidCredentials, "the user information must be [user]:password")
            }
            guard let user = Self.percentDecoded(userInfo[..<colon]),
                let password = Self.percentDecoded(userInfo[userInfo.index(after: colon)...])
            else { throw fail(.invalidCredentials, "the user or password has invalid percent-encoding") }
            self.username = user.isEmpty ? nil : user
            self.password = password
        }

        // Path: "/database".
        let authority: Substring
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            let path = rest[rest.index(after: slash)...]
            if !path.isEmpty {
                guard path.allSatisfy(\.isASCII), path.allSatisfy(\.isNumber), let database = Int(path) else {
                    throw fail(.invalidDatabase, "the path must be a database number, got /\(path)")
                }
                self.database = database
            }
        } else {
            authority = rest
        }

        // Host and port; an IPv6 host is bracketed.
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw fail(.invalidHost, "unclosed [ in the host") }
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw fail(.invalidHost, "unexpected text after ]") }
                portText = after.dropFirst()
            }
        } else if let colon = authority.firstIndex(of: ":") {
            host = String(authority[..<colon])
            portText = authority[authority.index(after: colon)...]
        } else {
            host = String(authority)
        }
        guard !host.isEmpty else { throw fail(.invalidHost, "the host is missing") }
        if let portText {
            guard portText.allSatisfy(\.isASCII), portText.allSatisfy(\.isNumber), let port = Int(portText),
                (1...65_535).contains(port)
            else { throw fail(.invalidPort, "the port must be a number in 1...65535, got '\(portText)'") }
            self.port = port
        }
    }

    /// `text` with `%XX` escapes decoded, or `nil` when an escape is malformed or the result is not UTF-8.
    private static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
