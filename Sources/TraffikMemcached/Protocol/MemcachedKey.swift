/// A key as Memcached receives it: any identity, made safe for the meta protocol.
///
/// A key of printable ASCII without spaces, at most 250 bytes long, goes to the server as it is. A shorter key with
/// spaces, control characters or other bytes goes base64-encoded with the `b` flag, so the server stores the exact
/// bytes. A key too long for either is shortened to its first 64 bytes, `#`, and the hexadecimal SHA-256 of the
/// whole key: readable, and no chosen identity can collide with another.
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
        if bytes.count > Self.maximumLength || (!Self.isPlain(bytes) && bytes.count > Self.maximumBase64Length) {
            let digest = SHA256.digest(bytes).map { byte in
                let hex = Array("0123456789abcdef".utf8)
                return [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
            bytes = Array(bytes.prefix(64)) + [UInt8(ascii: "#")] + digest.joined()
        }
        self.bytes = bytes
        self.isBase64 = !Self.isPlain(bytes)
        self.token = isBase64 ? Base64.encode(bytes) : String(decoding: bytes, as: UTF8.self)
    }

    /// Makes `key`'s UTF-8 bytes safe to send.
    public init(_ key: String) {
        self.init(bytes: Array(key.utf8))
    }

    /// The key as sent (base64 when ``isBase64``).
    public var description: String { token }

    /// Printable ASCII, no space, not empty.
    private static func isPlain(_ bytes: [UInt8]) -> Bool {
        !bytes.isEmpty && bytes.allSatisfy { (0x21...0x7E).contains($0) }
    }
}
