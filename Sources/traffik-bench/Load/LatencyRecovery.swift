// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// When latencies were back to normal after a stall, judged on 100 ms windows of requests by send time.
///
/// A window is normal when it holds at least one request, every one of them was answered 200 or 429, and their
/// p99 is within the bound. Latencies are back to normal at the start of the first window after the stall that is
/// normal and stays so for the next second (the following 9 windows, or as many as the run has).
enum LatencyRecovery {
    /// The length of a window, in µs.
    static let window: Int64 = 100_000
    /// How many windows in a row must be normal.
    static let steadyWindows = 10

    /// The bound on a normal window's p99: twice the p99 of the requests answered before the stall, at least 1 ms.
    static func bound(leadP99 microseconds: Int64) -> Int64 { max(2 * microseconds, 1_000) }

    /// µs from `from` to the start of the first window that is normal and stays so, among the whole windows
    /// between `from` and `to`; `nil` if none is.
    static func offset(of samples: [TimedSample], from: Int64, to: Int64, bound: Int64) -> Int64? {
        let count = Int(max(to - from, 0) / window)
        guard count > 0 else { return nil }
        var buckets = Array(repeating: [TimedSample](), count: count)
        for sample in samples where sample.sentAt >= from {
            let index = Int((sample.sentAt - from) / window)
            if index < count { buckets[index].append(sample) }
        }
        let normal = buckets.map { isNormal($0, bound: bound) }
        for start in normal.indices {
            let run = normal[start..<min(start + steadyWindows, count)]
            if run.allSatisfy({ $0 }) { return Int64(start) * window }
        }
        return nil
    }

    /// Whether one window's requests are normal.
    static func isNormal(_ samples: [TimedSample], bound: Int64) -> Bool {
        guard !samples.isEmpty, samples.allSatisfy({ $0.status == 200 || $0.status == 429 }) else { return false }
        let p99 = Percentile.nearestRank(99, of: samples.map(\.latency).sorted()) ?? 0
        return p99 <= bound
    }
}
