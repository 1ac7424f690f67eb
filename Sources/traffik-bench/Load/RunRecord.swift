// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// One timed iteration of a scenario: its samples, wall time, and what was expected of it.
struct RunRecord: Sendable {
    var samples: [Sample]
    /// When the run started, on the wall clock (µs since 1970).
    var start: Int64
    /// Microseconds from the run's start to the last answer.
    var elapsed: Int64
    var expected: AdmittedRange

    var admitted: Int { samples.count { $0.outcome == .success } }
    var errors: Int { samples.count { $0.outcome == .error } }
    /// Probes per second.
    var requestsPerSecond: Double { elapsed > 0 ? Double(samples.count) * 1e6 / Double(elapsed) : 0 }
    /// Admitted within the expected range, and no errors.
    var passed: Bool { expected.contains(admitted) && errors == 0 }
}
