// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Crypto
import ExtrasBase64

/// A key as Memcached receives it: any identity, made safe for the meta protocol.
///
/// A key of printable ASCII without spaces, at most 250 bytes long, goes to the server as it is. A shorter key with
/// spaces, control characters or other bytes goes base64-encoded with the `b` flag, so the server stores the exact
/// bytes. A key too long for either is shortened to its first 64 bytes, `#`, and the 64 lowercase hexadecimal
/// digits of the SHA-256 of the whole key: readable, and 129 bytes long.
///
/// **No two keys share an item.** A key that already has the shortened shape (129 bytes, `#` after the first 64,
/// then 64 lowercase hexadecimal digits) is shortened too, so no key sent as it is can equal the shortened form of
/// another; two shortened keys meet only through a SHA-256 collision. Base64 changes only how the bytes travel:
/// the server stores the decoded bytes, the same for a key whichever way it is sent.
///
/// ```swift
/// MemcachedKey("traffik:api:1.2.3.4")         // sent as is
/// MemcachedKey("user name with spaces")       // sent base64-encoded with `b`
/// MemcachedKey(String(repeating: "x", count: 400))  // shortened with its SHA-256
/// ```
public struct MemcachedKey: Sendable, Hashable, CustomStringConvertible {
    /// The bytes the server stores the item under (after shortening, before base64).
    public let bytes: [UInt8]
    /// Whether the key travels base64-encoded with the `b` flag.
    public let isBase64: Bool
    /// The key as written on the command line.
    let token: String

    /// The longest key, in bytes on the command line, that Memcached accepts.
    public static let maximumLength = 250
    /// The longest key that still fits base64-encoded (4 characters per 3 bytes).
    static let maximumBase64Length = maximumLength / 4 * 3

    /// Makes `bytes` safe to send.
    public init(bytes: [UInt8]) {
        var bytes = bytes
        if Self.mustShorten(bytes) {
            var shortened = Array(bytes.prefix(Self.shortenedPrefixLength))
            shortened.append(UInt8(ascii: "#"))
            for byte in SHA256.hash(data: bytes) {
                shortened.append(Self.hexDigits[Int(byte >> 4)])
                shortened.append(Self.hexDigits[Int(byte & 0x0F)])
            }
            bytes = shortened
        }
        self.bytes = bytes
        self.isBase64 = !Self.isPlain(bytes)
        self.token =
            isBase64 ? ExtrasBase64.Base64.encodeToString(bytes: bytes) : String(decoding: bytes, as: UTF8.self)
    }

    /// Makes `key`'s UTF-8 bytes safe to send.
    public init(_ key: String) {
        self.init(bytes: Array(key.utf8))
    }

    /// The key as sent (base64 when ``isBase64``).
    public var description: String { token }

    /// How many bytes of a long key its shortened form keeps.
    static let shortenedPrefixLength = 64
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Too long to send as it is or in base64, or shaped like a shortened key.
    private static func mustShorten(_ bytes: [UInt8]) -> Bool {
        bytes.count > maximumLength || (!isPlain(bytes) && bytes.count > maximumBase64Length)
            || hasShortenedShape(bytes)
    }

    /// The shape of every shortened key: the prefix, `#`, 64 lowercase hexadecimal digits.
    static func hasShortenedShape(_ bytes: [UInt8]) -> Bool {
        bytes.count == shortenedPrefixLength + 1 + 64 && bytes[shortenedPrefixLength] == UInt8(ascii: "#")
            && bytes[(shortenedPrefixLength + 1)...].allSatisfy { hexDigits.contains($0) }
    }

    /// Printable ASCII, no space, not empty.
    private static func isPlain(_ bytes: [UInt8]) -> Bool {
        !bytes.isEmpty && bytes.allSatisfy { (0x21...0x7E).contains($0) }
    }
}
