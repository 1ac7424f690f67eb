// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser

/// `traffik-bench`: drives real servers and stores, and checks that the limiter admitted what it should.
@main
struct TraffikBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "traffik-bench",
        abstract: "Load and correctness runs for Traffik.",
        subcommands: [
            HTTPLoadCommand.self, MiddlewareLoadCommand.self, WebSocketLoadCommand.self, MultiprocessLoadCommand.self,
            HitsCommand.self, ThroughputCommand.self, OutageCommand.self, DenyCacheCommand.self,
        ]
    )
}
