// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Foundation
import TraffikBenchContract

/// The options every load command shares.
struct LoadOptions: ParsableArguments, Sendable {
    @Option(help: "Where the servers keep counters.") var backend = BenchStore.memory
    @Option(help: "The strategy (\(StrategyArgument.allValueStrings.joined(separator: ", "))).")
    var strategy = StrategyArgument(argument: "fixed-window")!
    @Option(help: "Timed iterations per scenario.") var iterations = 3
    @Option(help: "Untimed iterations before them.") var warmup = 1
    @Option(help: "Requests in flight in the concurrent scenarios.") var concurrency = 50
    @Option(help: "Server processes (default 1; 4 for multiprocess).") var workers: Int?
    @Option(help: "Comma-separated scenario names, or all.") var scenarios = "all"
    @Option(help: "table or json.") var output = OutputFormat.table
    @Option(name: .customLong("redis-url"), help: "A Redis to use; by default the harness starts its own.")
    var redisURL: String?
    @Option(help: "A Memcached (host:port), for --backend memcached.") var memcached: String?
    @Option(help: "The servers' web framework.") var framework = BenchFramework.hummingbird
    @Option(
        help: "Run against this server (http://host:port) instead of starting one; it must serve the bench endpoints."
    )
    var target: String?
    @Option(help: "Write an SVG chart of the results to this file.") var svg: String?
    @Option(help: "The traffik-demo executable (default: beside this one).") var server: String?

    func validate() throws {
        guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1") }
        guard warmup >= 0 else { throw ValidationError("--warmup must not be negative") }
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
        if let target, !(target.hasPrefix("http://")) { throw ValidationError("--target must be an http:// URL") }
    }

    /// The scenarios named by `--scenarios` for `command`, in the command's order.
    func selectedScenarios(for command: LoadCommandKind) throws -> [Scenario] {
        let known = Scenario.names(for: command)
        let asked =
            scenarios == "all" ? known : scenarios.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for name in asked where !known.contains(name) {
            throw ValidationError(
                "unknown \(command.rawValue) scenario '\(name)'; known: \(known.joined(separator: ", "))"
            )
        }
        return try known.filter(asked.contains).compactMap {
            try Scenario.named($0, for: command, concurrency: concurrency)
        }
    }

    /// The server processes to start.
    func workerCount(for command: LoadCommandKind) -> Int { workers ?? (command == .multiprocess ? 4 : 1) }

    /// The `traffik-demo` executable: `--server`, else the one in this executable's directory.
    var serverBinary: String { Self.serverBinary(server) }

    /// The `traffik-demo` executable: `given`, else the one in this executable's directory.
    static func serverBinary(_ given: String?) -> String {
        if let given { return given }
        let me =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent("traffik-demo").path
    }
}
