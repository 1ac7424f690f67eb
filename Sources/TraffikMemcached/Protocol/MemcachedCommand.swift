// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import NIOCore

/// One meta-protocol command: `mg`, `ms`, `md` or `ma` on a key, with its flags and, for `ms`, a value.
///
/// ```swift
/// let get = MemcachedCommand(.get, key: MemcachedKey("visits"), flags: ["v", "c", "t"])
/// let set = MemcachedCommand(.set, key: MemcachedKey("visits"), flags: ["T60"], value: Array("1".utf8))
/// let response = try await client.send(get)
/// ```
///
/// Flags are written as given (`T60`, `C123`, `ME`); the `b` flag is added by itself for base64 keys. The `q`
/// (no reply) flag is refused: every command of a pipelined connection must get exactly one reply.
package struct MemcachedCommand: Sendable, Hashable {
    /// A meta command.
    package enum Code: String, Sendable, Hashable {
        /// `mg`: meta get.
        case get = "mg"
        /// `ms`: meta set; the command carries a value.
        case set = "ms"
        /// `md`: meta delete.
        case delete = "md"
        /// `ma`: meta arithmetic (increment and decrement).
        case arithmetic = "ma"
    }

    /// The command.
    package var code: Code
    /// The key.
    package var key: MemcachedKey
    /// The flags, each a letter and an optional token, such as `v`, `T60` or `C42`.
    package var flags: [String]
    /// The value of an `ms`; ignored by the other commands.
    package var value: [UInt8]

    /// Creates a command.
    package init(_ code: Code, key: MemcachedKey, flags: [String] = [], value: [UInt8] = []) {
        self.code = code
        self.key = key
        self.flags = flags
        self.value = value
    }

    /// Writes the command line (and the value of an `ms`) to `buffer`.
    ///
    /// - Throws: ``MemcachedClientError/Kind/invalidCommand`` for a flag that is empty, holds a space or a control
    ///   character, or is `q`.
    func encode(into buffer: inout ByteBuffer) throws {
        for flag in flags {
            guard let first = flag.utf8.first, flag.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
                throw MemcachedClientError(.invalidCommand, "the flag '\(flag)' is empty or holds a space")
            }
            guard first != UInt8(ascii: "q") else {
                throw MemcachedClientError(.invalidCommand, "the q flag would leave the command without a reply")
            }
        }
        buffer.writeString(code.rawValue)
        buffer.writeInteger(UInt8(ascii: " "))
        buffer.writeString(key.token)
        if code == .set {
            buffer.writeString(" \(value.count)")
        }
        if key.isBase64 { buffer.writeString(" b") }
        for flag in flags {
            buffer.writeInteger(UInt8(ascii: " "))
            buffer.writeString(flag)
        }
        buffer.writeString("\r\n")
        if code == .set {
            buffer.writeBytes(value)
            buffer.writeString("\r\n")
        }
    }
}
