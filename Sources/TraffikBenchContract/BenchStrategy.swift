// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Traffik

/// The strategies a bench server runs, by the library's names (`Strategy(named:)`).
package enum BenchStrategy {
    /// The built-in strategy `name` at `rate`, with its default parameters, except GCRA, whose tolerance lets
    /// `rate.limit` requests through at once, as every other strategy does (the harness expects the same); `nil`
    /// for a name the library does not know.
    package static func named(_ name: String, rate: Rate) -> Strategy? {
        guard let strategy = Strategy(named: name) else { return nil }
        return strategy.name == Strategy.gcra().name ? .gcra(burst: rate.limit, at: rate) : strategy
    }
}
