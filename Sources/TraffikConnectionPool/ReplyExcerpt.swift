// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// The start of a server's reply, short enough to quote in an error or a log line.
///
/// A reply can be megabytes long, and a hostile server chooses it: every error message and log line that quotes
/// server data quotes it through this helper, which keeps the first ``limit`` characters and says how long the
/// whole was. Control characters (CR, LF, NUL…) are escaped so that a quote cannot forge a log line.
///
/// ```swift
/// ReplyExcerpt.of("ERR short")  // "ERR short"
/// ReplyExcerpt.of(String(repeating: "x", count: 5_000))  // "xxx…xxx… (5000 bytes in all)", 200 x's
/// ```
package enum ReplyExcerpt {
    /// How many characters of a reply are quoted.
    package static let limit = 200

    /// `text`, cut after ``limit`` characters with an ellipsis and the total size in UTF-8 bytes.
    package static func of(_ text: some StringProtocol) -> String {
        var excerpt = ""
        var count = 0
        for character in text {
            guard count < limit else {
                return excerpt + "… (\(text.utf8.count) bytes in all)"
            }
            excerpt += escaped(character)
            count += 1
        }
        return excerpt
    }

    /// `bytes` read as UTF-8 (invalid sequences replaced), cut as ``of(_:)`` does, with the total in bytes.
    package static func of(bytes: some Collection<UInt8>) -> String {
        let head = bytes.prefix(limit * 4)
        let text = String(decoding: head, as: UTF8.self)
        let excerpt = of(text)
        guard head.count < bytes.count, !excerpt.hasSuffix(" bytes in all)") else { return excerpt }
        return excerpt + "… (\(bytes.count) bytes in all)"
    }

    private static func escaped(_ character: Character) -> String {
        guard character.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            return String(character)
        }
        return character.unicodeScalars.map { scalar in
            scalar.value < 0x20 || scalar.value == 0x7F
                ? "\\x" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 2) : String(scalar)
        }.joined()
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
