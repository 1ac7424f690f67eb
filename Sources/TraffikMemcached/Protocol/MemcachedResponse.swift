// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// A server's answer to one meta command: a status, the flags it returned and, for `VA`, a value.
///
/// ```swift
/// let response = try await client.send(MemcachedCommand(.get, key: key, flags: ["v", "c"]))
/// if response.status == .value { print(response.value, response.cas ?? 0) }
/// ```
package struct MemcachedResponse: Sendable, Hashable {
    /// The two-letter return code.
    package enum Status: String, Sendable, Hashable {
        /// `VA`: success, with a value.
        case value = "VA"
        /// `HD`: success, without a value.
        case success = "HD"
        /// `EN`: a get found no item.
        case miss = "EN"
        /// `NS`: not stored (an add of an existing key, an auto-create that failed).
        case notStored = "NS"
        /// `EX`: the compare-and-swap token did not match: someone wrote in between.
        case exists = "EX"
        /// `NF`: no item to change or delete.
        case notFound = "NF"
        /// `MN`: the answer to `mn`.
        case noop = "MN"
    }

    /// The return code.
    package var status: Status
    /// The returned flags, each a letter and its token (`c42`, `t60`), in the order the server sent them.
    package var flags: [String]
    /// The value of a `VA` response; empty otherwise.
    package var value: [UInt8]

    /// Creates a response.
    package init(status: Status, flags: [String] = [], value: [UInt8] = []) {
        self.status = status
        self.flags = flags
        self.value = value
    }

    /// The token of the returned flag `letter`, such as `"42"` for `c42`; `nil` when the server did not return it.
    package func flag(_ letter: Character) -> Substring? {
        guard let flag = flags.first(where: { $0.first == letter }) else { return nil }
        return flag.dropFirst()
    }

    /// The item's compare-and-swap token (the `c` flag).
    package var cas: UInt64? { flag("c").flatMap { UInt64($0) } }

    /// The item's remaining time to live in seconds, `-1` for none (the `t` flag).
    package var ttl: Int? { flag("t").flatMap { Int($0) } }

    /// The value read as an unsigned decimal number, as `ma` returns it.
    package var number: UInt64? { Self.number(in: value) }

    /// `bytes` read as an unsigned decimal number. A decrement that shortens a number leaves Memcached's value
    /// padded with spaces, which are ignored.
    package static func number(in bytes: [UInt8]) -> UInt64? {
        UInt64(String(decoding: bytes, as: UTF8.self).trimmingSuffix(while: { $0 == " " }))
    }
}

/// What the decoder reads: a response, or an error line.
enum MemcachedReply: Sendable {
    case response(MemcachedResponse)
    case error(MemcachedServerError)
}

extension String {
    fileprivate func trimmingSuffix(while predicate: (Character) -> Bool) -> Substring {
        var end = endIndex
        while end > startIndex, predicate(self[index(before: end)]) { end = index(before: end) }
        return self[..<end]
    }
}
