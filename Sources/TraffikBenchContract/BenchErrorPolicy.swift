// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Traffik

/// `--on-error` and a reset's `on_error`: the bench throttle's error policy, by the library's names.
package enum BenchErrorPolicy: String, CaseIterable, Sendable, Codable, ExpressibleByArgument {
    case allow
    case `throttle`
    case raise

    /// The library's policy of that name.
    package var policy: ErrorPolicy {
        switch self {
        case .allow: .allow
        case .throttle: .throttle
        case .raise: .raise
        }
    }

    /// Whether a request decided by this policy, after the store failed, is admitted.
    package var admits: Bool { self == .allow }
}
