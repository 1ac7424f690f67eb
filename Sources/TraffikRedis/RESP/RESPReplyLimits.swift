// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// The largest reply a ``RESPDecoder`` accepts, so that a broken or hostile server cannot take the process's memory.
///
/// A reply past any limit fails its command with ``RedisClientError/Kind/protocolError`` and closes the connection
/// (the stream is no longer in step with the commands). The defaults fit what a rate limiter reads, with room to
/// spare:
/// - the largest state a strategy stores, a sliding-window log, is 16 bytes an entry for at most about 10,000
///   entries (160 KB), far under ``maximumBulkLength``;
/// - a `SCAN` page (about 1,000 keys) and a `CLUSTER SLOTS` reply of a cluster fragmented into all 16,384 slots
///   (one range each, with replicas: a few MB, a few hundred thousand elements) fit ``maximumReplySize`` and
///   ``maximumElements``.
///
/// Raise them for a ``RedisClient`` used for other data:
///
/// ```swift
/// var configuration = try RedisConfiguration(url: "redis://cache.internal")
/// configuration.replyLimits.maximumBulkLength = 16 * 1024 * 1024
/// ```
public struct RESPReplyLimits: Sendable, Hashable {
    /// The default deepest nesting of arrays (a `CLUSTER SLOTS` reply nests four deep).
    public static let defaultMaximumDepth = 16
    /// The default longest bulk string, 1 MiB (Redis's own `proto-max-bulk-len` is 512 MiB).
    public static let defaultMaximumBulkLength = 1024 * 1024
    /// The default most elements of one array: enough for the 16,384 ranges of `CLUSTER SLOTS`.
    public static let defaultMaximumArrayLength = 65_536
    /// The default most values in one reply, all arrays and their elements counted.
    public static let defaultMaximumElements = 1_048_576
    /// The default longest simple string, error line or length line, 64 KiB.
    public static let defaultMaximumLineLength = 64 * 1024
    /// The default most bytes of one reply, 16 MiB: also the most a connection holds for a reply still arriving,
    /// its elements decoded so far and its bytes buffered together.
    public static let defaultMaximumReplySize = 16 * 1024 * 1024

    /// How deeply arrays may nest.
    public var maximumDepth: Int
    /// The longest bulk string, in bytes.
    public var maximumBulkLength: Int
    /// The most elements of one array.
    public var maximumArrayLength: Int
    /// The most values in one reply (each array and each of its elements is one, at every depth).
    public var maximumElements: Int
    /// The longest simple string, error line or length line, in bytes.
    public var maximumLineLength: Int
    /// The most bytes of one reply; a reply still arriving may hold no more than this, decoded and buffered.
    public var maximumReplySize: Int

    /// Creates limits; each defaults to its `default…` constant.
    public init(
        maximumDepth: Int = defaultMaximumDepth,
        maximumBulkLength: Int = defaultMaximumBulkLength,
        maximumArrayLength: Int = defaultMaximumArrayLength,
        maximumElements: Int = defaultMaximumElements,
        maximumLineLength: Int = defaultMaximumLineLength,
        maximumReplySize: Int = defaultMaximumReplySize
    ) {
        self.maximumDepth = maximumDepth
        self.maximumBulkLength = maximumBulkLength
        self.maximumArrayLength = maximumArrayLength
        self.maximumElements = maximumElements
        self.maximumLineLength = maximumLineLength
        self.maximumReplySize = maximumReplySize
    }

    /// The first limit that is not positive, as a sentence, or `nil` when every limit can work.
    var problem: String? {
        let limits = [
            ("maximumDepth", maximumDepth), ("maximumBulkLength", maximumBulkLength),
            ("maximumArrayLength", maximumArrayLength), ("maximumElements", maximumElements),
            ("maximumLineLength", maximumLineLength), ("maximumReplySize", maximumReplySize),
        ]
        guard let (name, value) = limits.first(where: { $0.1 < 1 }) else { return nil }
        return "replyLimits.\(name) must be at least 1, got \(value)"
    }
}
