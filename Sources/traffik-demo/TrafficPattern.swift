// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser

/// The shape of the synthetic traffic over time (`--pattern`), at most the peak load at any moment.
enum TrafficPattern: String, CaseIterable, Sendable, Hashable, ExpressibleByArgument {
    /// The peak load all the time: requests evenly spaced from the start to the end.
    case steady
    /// Repeating cycles: quiet for the first three fifths of each cycle, then the peak load for the last two.
    case burst
    /// Load rising in a straight line from nothing at the start to the peak at the end.
    case ramp
}
