// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// The hash slot of a key in a Redis Cluster, computed as the server computes it.
///
/// A cluster splits the key space into 16,384 slots; a key's slot is the CRC-16/XMODEM of the key modulo 16,384.
/// When the key contains a hash tag, a `{…}` with at least one byte inside, only the bytes between the first `{` and
/// the first `}` after it are hashed, so keys that share a tag share a slot:
///
/// ```swift
/// RedisHashSlot.of("{user1000}.following") == RedisHashSlot.of("{user1000}.followers")  // true
/// RedisHashSlot.of("foo")  // 12182
/// ```
public enum RedisHashSlot {
    /// How many slots a cluster has.
    public static let count = 16_384

    /// The slot of the key with these bytes, in `0..<16384`.
    public static func of(_ key: [UInt8]) -> Int {
        Int(CRC16.checksum(hashedPart(of: key)) & 0x3FFF)
    }

    /// The slot of the key with the UTF-8 bytes of `key`.
    public static func of(_ key: String) -> Int {
        of(Array(key.utf8))
    }

    /// The bytes that are hashed: the hash tag if the key has a non-empty one, else the whole key.
    static func hashedPart(of key: [UInt8]) -> ArraySlice<UInt8> {
        guard let open = key.firstIndex(of: UInt8(ascii: "{")),
            let close = key[(open + 1)...].firstIndex(of: UInt8(ascii: "}")),
            close > open + 1
        else { return key[...] }
        return key[(open + 1)..<close]
    }
}
