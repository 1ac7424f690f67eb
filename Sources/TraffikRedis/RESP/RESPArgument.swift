// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// One argument of a Redis command: binary-safe bytes, sent as a bulk string.
///
/// String and integer literals convert on their own, and values convert with an initializer:
///
/// ```swift
/// try await client.send("SET", RESPArgument(key), RESPArgument(payloadBytes), "PX", 1500)
/// ```
public struct RESPArgument: Sendable, Hashable {
    /// The bytes sent to the server.
    public var bytes: [UInt8]

    /// An argument of raw bytes.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// An argument of the UTF-8 bytes of `text`.
    public init(_ text: some StringProtocol) {
        self.bytes = Array(text.utf8)
    }

    /// An argument of the decimal digits of `value`, as Redis reads integers.
    public init(_ value: some BinaryInteger) {
        self.bytes = Array(String(value).utf8)
    }

    /// An argument of the shortest decimal form of `value` that reads back exactly (`inf` and `-inf` for the
    /// infinities, as Redis reads them).
    public init(_ value: Double) {
        self.bytes = Array(value.description.utf8)
    }
}

extension RESPArgument: ExpressibleByStringLiteral {
    /// An argument of the UTF-8 bytes of a string literal.
    public init(stringLiteral value: String) {
        self.init(value)
    }
}

extension RESPArgument: ExpressibleByIntegerLiteral {
    /// An argument of the decimal digits of an integer literal.
    public init(integerLiteral value: Int64) {
        self.init(value)
    }
}
