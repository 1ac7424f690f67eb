// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser

/// The options of the `throughput` command: how much load, through how many connections, over how many keys.
struct ThroughputOptions: ParsableArguments {
    @Option(help: "Operations per measurement.") var operations = 50_000
    @Option(help: "Operations in flight at once.") var concurrency = 64
    @Option(help: "Connections in the pool.") var connections = 4
    @Option(help: "Distinct keys the operations spread over.") var keys = 10_000

    /// The key names, `k0`, `k1`, ….
    var keyNames: [String] { (0..<keys).map { "k\($0)" } }

    /// The measurement these options describe.
    var run: ThroughputRun { ThroughputRun(operations: operations, concurrency: concurrency) }
}
