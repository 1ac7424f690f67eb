// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// When an outage run's phases began and ended, on the wall clock (µs since 1970): load from `start`, Redis
/// paused from `pauseStart` to `pauseEnd`, load until `end`.
///
/// A request belongs to `before` when it was answered before the pause began, to `during` when it was sent before
/// the pause ended and was still unanswered when it began (the requests in flight at the pause's start are caught
/// by it), and to `after` when it was sent after the pause ended.
struct OutageTimeline: Sendable, Hashable, Codable {
    var start: Int64
    var pauseStart: Int64
    var pauseEnd: Int64
    var end: Int64

    /// The phases' names, in order.
    static let phaseNames = ["before", "during", "after"]

    /// The phases' lengths, in µs.
    var phaseLengths: [Int64] { [pauseStart - start, pauseEnd - pauseStart, end - pauseEnd].map { max($0, 0) } }

    /// The position in ``phaseNames`` of the phase `sample` belongs to.
    func phase(of sample: TimedSample) -> Int {
        if sample.receivedAt < pauseStart { return 0 }
        return sample.sentAt < pauseEnd ? 1 : 2
    }

    /// The requests before the pause: those answered before it began.
    func lead(_ samples: [TimedSample]) -> [TimedSample] { samples.filter { phase(of: $0) == 0 } }
}
