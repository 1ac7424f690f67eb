// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// How a throttle writes the key of a budget, and why two budgets never share one.
///
/// A key is its components joined by `:`, the client last:
///
/// ```
/// uid:scope:client                    Budget.perClient           reports:default:10.0.0.1
/// uid:scope:route:client              Budget.perRoute            api:default:/users/%3Aid:10.0.0.1
/// uid:scope:route:method:client       Budget.perRouteAndMethod   api:default:/users/%3Aid:GET:#3f1c…
/// ```
///
/// Each component takes one of three forms:
/// - **Text**: the string itself, with `%`, `:`, `#`, `{` and `}` percent-escaped (`%25`, `%3A`, `%23`, `%7B`,
///   `%7D`), and a string that is exactly `-` written `%2D`. Most identities (addresses, user ids) and routes read
///   unchanged; an IPv6 address reads `2001%3Adb8%3A%3A1`.
/// - **Absent**: `-`, for a route or method the request does not have.
/// - **Hashed**: `#` and the 64 lowercase hexadecimal digits of the SHA-256 of the string's UTF-8 bytes, or of its
///   HMAC-SHA256 when the throttle's ``IdentityHashing`` is keyed. A client identity is hashed as the throttle's
///   ``IdentityHashing`` says (by default past ``IdentityHashing/defaultLimit`` bytes); a scope, route or method
///   whenever its text form is longer than ``maximumTextLength`` bytes. The uid is always text.
///
/// **The guarantee.** Different components give different keys. Splitting a key at its `:` gives back its
/// components, since no component contains a raw `:`; a component that is `-` is absent, one that starts with `#`
/// is hashed (text never starts with a raw `#`), and any other un-escapes to exactly one string. Keys of different
/// budget kinds have different numbers of components, so they differ too. Two hashed components share a form only
/// through a SHA-256 collision. And no key written by a throttle contains `{` or `}`, so in a Redis Cluster the whole
/// key is its hash tag: no chosen identity can steer many keys onto one slot.
///
/// **The bound.** Unless identity hashing is ``IdentityHashing/never``, every component but the uid is at most
/// `max(limit, 128)` bytes long (a hashed one is 65), so with the default a key is at most the uid, 4 × 128 bytes
/// and 4 separators, whatever a request carries.
///
/// Backends put their namespace in front (``namespace(_:)``, which keeps `:` readable and escapes the rest as
/// text is escaped), followed by `:{`, a pair no escaped namespace contains: one namespace's keys never start with
/// another's prefix.
public enum KeyEncoding {
    /// What joins the components.
    public static let separator = ":"
    /// The form of a route or method the request does not have.
    public static let absent = "-"
    /// The longest text form of a scope, route or method; longer ones are hashed.
    public static let maximumTextLength = 128

    /// The text form of `text`: escaped, never hashed.
    public static func text(_ text: String) -> String {
        if text == absent { return "%2D" }
        return escaped(text, keepingColons: false)
    }

    /// The hashed form of `text`: `#` and the hexadecimal SHA-256 (or HMAC-SHA256 with `hashing`'s key) of its UTF-8
    /// bytes.
    public static func hashed(_ text: String, by hashing: IdentityHashing = .always) -> String {
        var form: [UInt8] = [UInt8(ascii: "#")]
        form.reserveCapacity(65)
        for byte in hashing.digest(Array(text.utf8)) {
            form.append(hexDigits[Int(byte >> 4)])
            form.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: form, as: UTF8.self)
    }

    /// The form of a client identity: hashed or text as `hashing` says.
    public static func identity(_ text: String, hashing: IdentityHashing) -> String {
        let written = self.text(text)
        return hashing.hashes(writtenLength: written.utf8.count) ? hashed(text, by: hashing) : written
    }

    /// The form of a scope, route or method (`nil` is ``absent``): text up to ``maximumTextLength`` bytes, hashed
    /// past it (keyed by `hashing`'s key, if any).
    public static func bounded(_ text: String?, hashing: IdentityHashing) -> String {
        guard let text else { return absent }
        let written = self.text(text)
        return written.utf8.count > maximumTextLength ? hashed(text, by: hashing) : written
    }

    /// Components, already in their written forms, joined into a key.
    public static func join(_ components: [String]) -> String {
        components.joined(separator: separator)
    }

    /// A backend's namespace as it starts its keys: `%`, `#`, `{` and `}` percent-escaped, `:` kept. A backend
    /// follows it with `:{`, so the namespace of a key is everything before its first `{` (less the `:`): `shop`
    /// never reaches into `shop:eu`'s keys, and a namespace can never open a Redis Cluster hash tag of its own.
    public static func namespace(_ name: String) -> String {
        escaped(name, keepingColons: true)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// `text` with the reserved bytes percent-escaped; `text` itself when it has none (the common case).
    private static func escaped(_ text: String, keepingColons: Bool) -> String {
        func isReserved(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "%"), UInt8(ascii: "#"), UInt8(ascii: "{"), UInt8(ascii: "}"): true
            case UInt8(ascii: ":"): !keepingColons
            default: false
            }
        }
        guard text.utf8.contains(where: isReserved) else { return text }
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + 8)
        for byte in text.utf8 {
            if isReserved(byte) {
                output.append(UInt8(ascii: "%"))
                output.append(upperHexDigits[Int(byte >> 4)])
                output.append(upperHexDigits[Int(byte & 0x0F)])
            } else {
                output.append(byte)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static let upperHexDigits = Array("0123456789ABCDEF".utf8)
}
