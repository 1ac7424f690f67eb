// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser

/// `--mode`: how a bench server throttles `/test`: by a route throttle (the harness's `http` command) or by a
/// middleware with rules (its `middleware` command).
package enum BenchMode: String, CaseIterable, Sendable, Codable, ExpressibleByArgument {
    case http
    case middleware
}
