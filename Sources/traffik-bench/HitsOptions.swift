// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Traffik

/// The options of the `hits` command: the key, strategy, rate and load.
struct HitsOptions: ParsableArguments {
    @Option(help: "The key.") var key = "hot"
    @Option(help: "The strategy.") var strategy = StrategyArgument(argument: "fixed-window")!
    @Option(help: "The rate (100/h when not given).", transform: { try Rate(parsing: $0) }) var rate: Rate?
    @Option(help: "How many hits.") var hits = 500
    @Option(help: "How many hits in flight at once.") var concurrency = 50
    @Option(help: "The namespace.") var namespace = "bench"

    /// The run these options describe.
    var run: ConcurrentHits {
        get throws {
            let rate = try self.rate ?? Rate.perHour(100)
            return ConcurrentHits(
                key: key,
                strategy: strategy.strategy(for: rate),
                rate: rate,
                hits: hits,
                concurrency: concurrency
            )
        }
    }
}
