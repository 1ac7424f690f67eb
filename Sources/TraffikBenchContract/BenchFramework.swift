// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser

/// `--framework`: the web framework a bench server runs on.
package enum BenchFramework: String, CaseIterable, Sendable, Codable, ExpressibleByArgument {
    case hummingbird
    case vapor
}
