// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Traffik

/// `--on-error`: what the bench throttle answers when its backend fails.
enum BenchErrorPolicy: String, CaseIterable, Sendable, ExpressibleByArgument {
    case allow
    case `throttle`
    case raise

    /// The library's policy of that name.
    var policy: ErrorPolicy {
        switch self {
        case .allow: .allow
        case .throttle: .throttle
        case .raise: .raise
        }
    }
}
