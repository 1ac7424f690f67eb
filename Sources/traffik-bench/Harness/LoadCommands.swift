import ArgumentParser
import Foundation

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

/// `traffik-bench http`: `/test` behind a route throttle.
struct HTTPLoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http",
        abstract: "Load scenarios against /test throttled by a route throttle."
    )
    @OptionGroup var options: LoadOptions
    func run() async throws { try await runLoadCommand(.http, options: options) }
}

/// `traffik-bench middleware`: `/test` behind a middleware rule, `/unthrottled` beside it.
struct MiddlewareLoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "middleware",
        abstract: "Load scenarios against /test throttled by a middleware rule."
    )
    @OptionGroup var options: LoadOptions
    func run() async throws { try await runLoadCommand(.middleware, options: options) }
}

/// `traffik-bench websocket`: messages on `/ws`, each throttled.
struct WebSocketLoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "websocket",
        abstract: "Load scenarios of WebSocket messages, each throttled."
    )
    @OptionGroup var options: LoadOptions
    func run() async throws { try await runLoadCommand(.websocket, options: options) }
}

/// `traffik-bench multiprocess`: several servers on one shared store, the load spread over them.
struct MultiprocessLoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "multiprocess",
        abstract: "Load scenarios spread over several server processes sharing one store (one shared limit)."
    )
    @OptionGroup var options: LoadOptions
    func validate() throws {
        if options.target == nil, !options.backend.isShared {
            throw ValidationError("multiprocess needs a shared store: --backend redis (or memcached)")
        }
    }
    func run() async throws { try await runLoadCommand(.multiprocess, options: options) }
}
