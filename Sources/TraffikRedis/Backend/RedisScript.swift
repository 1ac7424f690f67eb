// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// The server-side programs of the Redis backend.
///
/// The strategy scripts are Lua twins of the built-in strategies: each makes a whole decision in one `EVALSHA`,
/// reading the server's `TIME` and writing state and time to live in the same step. They follow the Swift
/// functions line for line in integers below 2^53 (exact in Lua's doubles) and read and write the same state
/// bytes, so Redis decides exactly as memory does.
enum RedisScript: CaseIterable, Sendable {
    case fixedWindow, slidingWindowCounter, slidingWindowLog, bucket, increment, compareAndSet, unlock

    /// The script's source.
    var source: String {
        switch self {
        case .fixedWindow: Self.prelude + "\n" + Self.fixedWindowBody
        case .slidingWindowCounter: Self.prelude + "\n" + Self.slidingWindowCounterBody
        case .slidingWindowLog: Self.prelude + "\n" + Self.slidingWindowLogBody
        case .bucket: Self.prelude + "\n" + Self.bucketBody
        case .increment: Self.incrementBody
        case .compareAndSet: Self.compareAndSetBody
        case .unlock: Self.unlockBody
        }
    }
}
