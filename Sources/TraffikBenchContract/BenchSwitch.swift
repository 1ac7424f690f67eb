// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser

/// An option that is either on or off, such as `--breaker on`.
package enum BenchSwitch: String, CaseIterable, Sendable, Codable, ExpressibleByArgument {
    case on
    case off

    /// Whether the switch is on.
    package var isOn: Bool { self == .on }
}
