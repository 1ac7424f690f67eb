// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// Synthetic traffic from one client: a pattern, how long it lasts and its peak load, turned into request times.
///
/// Times are microseconds from the start of the simulation, in order, each before ``duration``.
///
/// ```swift
/// let workload = Workload(pattern: .steady, duration: 2_000_000, peakPerSecond: 20)
/// workload.requestTimes()  // [0, 50_000, 100_000, ..., 1_950_000]
/// ```
struct Workload: Sendable, Hashable {
    /// The shape of the traffic.
    var pattern: TrafficPattern
    /// How long the traffic lasts, in microseconds.
    var duration: Int64
    /// Requests per second at the peak.
    var peakPerSecond: Double
    /// For ``TrafficPattern/burst``: the length of one quiet-then-busy cycle, in microseconds.
    var cycle: Int64

    /// Creates a workload; `cycle` defaults to the whole duration (one quiet spell, then one burst).
    init(pattern: TrafficPattern, duration: Int64, peakPerSecond: Double, cycle: Int64? = nil) {
        precondition(duration > 0, "Workload duration must be positive, got \(duration)")
        precondition(
            peakPerSecond > 0 && peakPerSecond.isFinite,
            "Workload peak must be positive, got \(peakPerSecond)"
        )
        self.pattern = pattern
        self.duration = duration
        self.peakPerSecond = peakPerSecond
        self.cycle = max(cycle ?? duration, 1)
    }

    /// The quiet start of each burst cycle, in microseconds: three fifths of the cycle.
    var quietSpell: Int64 { cycle / 5 * 3 + cycle % 5 * 3 / 5 }

    /// The request times, in microseconds from the start.
    ///
    /// - steady: request `k` at `k / peak` seconds.
    /// - burst: in each cycle, nothing during the quiet spell, then request `k` of the busy spell at
    ///   `k / peak` seconds after it begins.
    /// - ramp: the load at time `t` is `peak × t / duration`, so `peak × t² / (2 × duration)` requests have been
    ///   asked for by `t`; request `k` comes when that reaches `k`, at `√(2 × duration × k / peak)`.
    func requestTimes() -> [Int64] {
        switch pattern {
        case .steady:
            return evenlySpaced(from: 0, to: duration)
        case .burst:
            var times: [Int64] = []
            var cycleStart: Int64 = 0
            while cycleStart < duration {
                let busyEnd = min(cycleStart + cycle, duration)
                times += evenlySpaced(from: cycleStart + quietSpell, to: busyEnd)
                cycleStart += cycle
            }
            return times
        case .ramp:
            var times: [Int64] = []
            let scale = 2 * Double(duration) * 1_000_000 / peakPerSecond
            for k in 0... {
                let time = Int64((scale * Double(k)).squareRoot().rounded())
                guard time < duration else { break }
                times.append(time)
            }
            return times
        }
    }

    /// Requests at the peak load from `start` (included) to `end` (excluded).
    private func evenlySpaced(from start: Int64, to end: Int64) -> [Int64] {
        var times: [Int64] = []
        for k in 0... {
            let time = start + Int64((Double(k) * 1_000_000 / peakPerSecond).rounded())
            guard time < end else { break }
            times.append(time)
        }
        return times
    }

    /// The traffic in words, such as `burst: every 5s, quiet for 3s, then 20 requests/s; 10s in all`.
    var summary: String {
        let peak = "\(Format.decimal(peakPerSecond)) requests/s"
        let length = Format.duration(duration)
        switch pattern {
        case .steady:
            return "steady: \(peak) for \(length)"
        case .burst:
            let quiet = Format.duration(quietSpell)
            let busy = Format.duration(cycle - quietSpell)
            return "burst: quiet for \(quiet), then \(peak) for \(busy), every \(Format.duration(cycle)), for \(length)"
        case .ramp:
            return "ramp: from 0 to \(peak) over \(length)"
        }
    }
}
