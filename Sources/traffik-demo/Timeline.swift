// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// What happened to one client's requests, interval by interval.
struct Timeline: Sendable, Hashable {
    /// The requests of one interval of the timeline.
    struct Interval: Sendable, Hashable {
        /// When the interval starts, in microseconds from the start of the simulation.
        var start: Int64
        /// Requests sent.
        var sent = 0
        /// Requests admitted.
        var admitted = 0
        /// Requests refused.
        var throttled: Int { sent - admitted }
        /// The longest an admitted request was told to wait for its turn (queueing strategies only), in microseconds.
        var longestDelay: Int64 = 0
    }

    /// The width of each interval, in microseconds.
    var width: Int64
    /// The intervals, in order, covering the whole simulation.
    var intervals: [Interval]

    /// An empty timeline of `count` intervals of `width` microseconds.
    init(width: Int64, count: Int) {
        self.width = width
        self.intervals = (0..<count).map { Interval(start: Int64($0) * width) }
    }

    /// Counts a request sent at `time` (microseconds from the start) and the throttle's answer.
    mutating func record(at time: Int64, admitted: Bool, delay: Int64) {
        let index = Int(time / width)
        intervals[index].sent += 1
        if admitted {
            intervals[index].admitted += 1
            intervals[index].longestDelay = max(intervals[index].longestDelay, delay)
        }
    }

    /// Requests sent in all.
    var sent: Int { intervals.reduce(0) { $0 + $1.sent } }
    /// Requests admitted in all.
    var admitted: Int { intervals.reduce(0) { $0 + $1.admitted } }
    /// Requests refused in all.
    var throttled: Int { sent - admitted }
    /// Admitted requests per interval, in order.
    var admittedCounts: [Int] { intervals.map(\.admitted) }
    /// The longest delay of any admitted request, in microseconds.
    var longestDelay: Int64 { intervals.map(\.longestDelay).max() ?? 0 }
}
