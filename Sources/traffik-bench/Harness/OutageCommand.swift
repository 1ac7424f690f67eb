// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser

/// `traffik-bench outage`: how a bench server on Redis holds when Redis stalls, and how soon it recovers.
struct OutageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outage",
        abstract: "Pause Redis (CLIENT PAUSE) under load: throughput, latency and recovery before, during and after."
    )

    @OptionGroup var options: OutageOptions

    func run() async throws {
        let report = try await OutageRunner(options: options).run()
        switch options.output {
        case .table: print(OutageTable.render(report))
        case .json: print(try report.json())
        }
    }
}
