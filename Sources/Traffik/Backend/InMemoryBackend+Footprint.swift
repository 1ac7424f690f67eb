// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// What ``InMemoryBackend`` charges against its byte budget for each entry.
extension InMemoryBackend {
    /// The bytes charged for each entry on top of its key's and value's bytes: an upper bound on what the table spends
    /// on it on a 64-bit platform.
    ///
    /// That is the dictionary bucket (32 bytes, at a load factor as low as 3/8 just after the dictionary grows: 85),
    /// the slot (48 bytes, in an array as little as half full: 96) and its place in the heap (16), the value's
    /// allocation (a 32-byte header, allocator rounding and up to 32 bytes of spare capacity: about 90) and the key's
    /// (a 32-byte header when it is longer than 15 bytes, with rounding: about 56): some 345 bytes. Measured on Linux
    /// (glibc malloc) at 196 bytes for 12-byte keys and under 300 for 24-byte keys, beyond the key's and the state's
    /// bytes.
    public static let bytesPerEntryOverhead = 384

    /// The bytes charged for an entry whose key has `keyBytes` bytes of UTF-8 and whose value has `valueBytes`.
    ///
    /// ```swift
    /// InMemoryBackend.footprint(keyBytes: 24, valueBytes: 17)  // 425
    /// ```
    public static func footprint(keyBytes: Int, valueBytes: Int) -> Int {
        keyBytes + valueBytes + bytesPerEntryOverhead
    }
}
