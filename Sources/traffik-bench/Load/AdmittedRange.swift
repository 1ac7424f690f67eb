// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// How many probes a correct limiter admits in one run of a scenario: a range, because strategies that refill
/// (buckets, GCRA) earn more the longer the run takes, and the exact send times are known only to within a phase.
struct AdmittedRange: Sendable, Hashable, Codable {
    var low: Int
    var high: Int

    /// Whether `observed` is within the range.
    func contains(_ observed: Int) -> Bool { (low...high).contains(observed) }

    /// The sum of two runs' expectations.
    static func + (left: AdmittedRange, right: AdmittedRange) -> AdmittedRange {
        AdmittedRange(low: left.low + right.low, high: left.high + right.high)
    }

    static let zero = AdmittedRange(low: 0, high: 0)

    /// `50`, or `50-51` for a range.
    var text: String { low == high ? "\(low)" : "\(low)-\(high)" }
}
