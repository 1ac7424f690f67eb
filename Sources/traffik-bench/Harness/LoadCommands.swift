// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Foundation
import TraffikBenchContract

/// Runs `command` with `options`, prints the table or JSON, writes the chart, and fails (exit code 1) when any
/// scenario's correctness check fails.
func runLoadCommand(_ command: LoadCommandKind, options: LoadOptions) async throws {
    let results = try await LoadRunner(command: command, options: options).run()
    switch options.output {
    case .table:
        print(
            "\(command.rawValue): framework \(options.framework.rawValue), backend \(options.backend.rawValue), "
                + "strategy \(options.strategy.name), \(options.iterations) iterations"
        )
        print(ResultTable.render(results))
    case .json:
        let meta = Report.Meta(
            command: command.rawValue,
            framework: options.framework.rawValue,
            backend: options.backend.rawValue,
            strategy: options.strategy.name,
            iterations: options.iterations,
            warmup: options.warmup,
            concurrency: options.concurrency,
            workers: options.workerCount(for: command),
            target: options.target,
            timestamp: ISO8601DateFormatter().string(from: Date())
        )
        print(try Report(meta: meta, results: results).json())
    }
    if let path = options.svg {
        let title = "traffik-bench \(command.rawValue) · \(options.backend.rawValue) · \(options.strategy.name)"
        try SVGChart(title: title, results: results).render().write(toFile: path, atomically: true, encoding: .utf8)
    }
    if results.contains(where: { !$0.passed }) { throw ExitCode(1) }
}

/// A load command: its kind picks the scenarios and the server mode, and names the command; the options are shared.
protocol LoadCommand: AsyncParsableCommand {
    static var kind: LoadCommandKind { get }
    var options: LoadOptions { get }
}

extension LoadCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: kind.rawValue, abstract: kind.abstract)
    }

    func run() async throws { try await runLoadCommand(Self.kind, options: options) }
}

/// `traffik-bench http`.
struct HTTPLoadCommand: LoadCommand {
    static let kind = LoadCommandKind.http
    @OptionGroup var options: LoadOptions
}

/// `traffik-bench middleware`.
struct MiddlewareLoadCommand: LoadCommand {
    static let kind = LoadCommandKind.middleware
    @OptionGroup var options: LoadOptions
}

/// `traffik-bench websocket`.
struct WebSocketLoadCommand: LoadCommand {
    static let kind = LoadCommandKind.websocket
    @OptionGroup var options: LoadOptions
}

/// `traffik-bench multiprocess`: needs a shared store.
struct MultiprocessLoadCommand: LoadCommand {
    static let kind = LoadCommandKind.multiprocess
    @OptionGroup var options: LoadOptions

    func validate() throws {
        if options.target == nil, !options.backend.isShared {
            throw ValidationError("multiprocess needs a shared store: --backend redis (or memcached)")
        }
    }
}
