// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// Gathers samples from concurrent tasks.
final class SampleCollector: Sendable {
    private let samples = Mutex<[Sample]>([])

    func append(_ sample: Sample) { samples.withLock { $0.append(sample) } }

    /// Everything gathered so far.
    var all: [Sample] { samples.withLock { $0 } }
}
