// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser

/// The `traffik-demo` command: a home for the demo's subcommands.
///
/// `serve` (the default) runs a server whose routes show the throttles at work; `simulate` runs traffic against
/// the strategies on a virtual clock. New subcommands join ``subcommands`` in the
/// configuration; the default one runs when no subcommand is named.
@main
struct TraffikDemo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "traffik-demo",
        abstract: "Examples of Traffik for Swift.",
        subcommands: [ServeCommand.self, SimulateCommand.self, BenchServerCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
