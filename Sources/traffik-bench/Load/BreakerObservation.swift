// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// What `GET /__bench__/breaker` answered at one moment: `closed`, `open`, `half-open` or `none`.
struct BreakerObservation: Sendable, Hashable, Codable {
    /// When the answer came, on the wall clock (µs since 1970).
    var at: Int64
    var state: String

    /// When the breaker was first seen anything but closed, at or after `time`.
    static func firstNotClosed(in observations: [BreakerObservation], from time: Int64) -> Int64? {
        observations.first { $0.at >= time && $0.state != "closed" }?.at
    }

    /// When the breaker was first seen closed, at or after `time`: decisions are back on the store then.
    static func firstClosed(in observations: [BreakerObservation], from time: Int64) -> Int64? {
        observations.first { $0.at >= time && $0.state == "closed" }?.at
    }
}
