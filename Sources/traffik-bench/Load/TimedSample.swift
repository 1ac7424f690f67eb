// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// One request of a timed run: when it was sent and answered, and the HTTP status, if any came.
struct TimedSample: Sendable, Hashable, Codable {
    /// When it was sent, on the wall clock (µs since 1970).
    var sentAt: Int64
    /// When its answer (or its failure) came.
    var receivedAt: Int64
    /// The HTTP status; `nil` when no answer came (a transport failure or a timeout).
    var status: Int?

    /// How long it took.
    var latency: Int64 { receivedAt - sentAt }
}
