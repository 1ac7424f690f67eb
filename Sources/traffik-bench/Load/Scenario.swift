// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Traffik
import TraffikBenchContract

/// A load scenario: the rate the server is set to and the traffic sent, after Python traffik's benchmark suite.
struct Scenario: Sendable {
    var name: String
    var rate: Rate
    var phases: [Phase]
    /// The throttle's error policy (`allow`, `throttle`, `raise`).
    var onError = BenchErrorPolicy.raise
    /// Whether the harness stops the backend's store between the phases marked ``Phase/afterFault``.
    var injectsFault = false
    /// Whether the first phase starts just after a window of ``rate`` begins, so that each wave falls in a window
    /// of its own and the expected count is exact for clock-aligned windows.
    var alignsToWindow = false

    /// Every probe, in order.
    var probes: [Probe] { phases.flatMap(\.probes) }
}

extension Scenario {
    /// The names each command knows, in the order they run.
    static func names(for command: LoadCommandKind) -> [String] {
        switch command {
        case .http, .multiprocess:
            [
                "below_limit", "at_limit", "over_limit", "concurrent", "hot_key", "many_keys", "window_boundary",
                "sustained", "error_recovery",
            ]
        case .middleware:
            [
                "below_limit", "at_limit", "over_limit", "concurrent", "hot_key", "many_keys", "window_boundary",
                "sustained", "error_recovery", "selective",
            ]
        case .websocket:
            ["below_limit", "over_limit", "burst", "concurrent", "window_boundary"]
        }
    }

    /// The scenario `name` of `command`, with `concurrency` requests in flight where the scenario is concurrent.
    static func named(_ name: String, for command: LoadCommandKind, concurrency: Int) throws -> Scenario? {
        guard names(for: command).contains(name) else { return nil }
        return try command == .websocket
            ? webSocket(name) : http(name, middleware: command == .middleware, concurrency: concurrency)
    }

    private static func http(_ name: String, middleware: Bool, concurrency: Int) throws -> Scenario? {
        switch name {
        case "below_limit":
            return Scenario(name: name, rate: try .perMinute(200), phases: [.sequential(80)])
        case "at_limit":
            return Scenario(name: name, rate: try .perMinute(100), phases: [.sequential(100)])
        case "over_limit":
            return Scenario(name: name, rate: try .perMinute(50), phases: [.sequential(200)])
        case "concurrent":
            // One client (the peer address), except under middleware: one client per slot in flight.
            let probes = (0..<500).map { Probe(client: middleware ? "user-\($0 % concurrency)" : nil) }
            return Scenario(
                name: name,
                rate: try .perMinute(100),
                phases: [Phase(probes: probes, inFlight: concurrency)]
            )
        case "hot_key":
            return Scenario(
                name: name,
                rate: try .perMinute(100),
                phases: [.concurrent(300, inFlight: concurrency, Probe(client: "hot"))]
            )
        case "many_keys":
            let probes = (0..<300).map { Probe(client: "user-\($0 % 50)") }
            return Scenario(name: name, rate: try .perMinute(100), phases: [Phase(probes: probes, inFlight: 10)])
        case "window_boundary":
            return Scenario(name: name, rate: try .perSecond(20), phases: waves(of: 20), alignsToWindow: true)
        case "sustained":
            return Scenario(name: name, rate: try .perMinute(1000), phases: [.concurrent(800, inFlight: concurrency)])
        case "error_recovery":
            var afterFault = Phase.sequential(50)
            afterFault.afterFault = true
            return Scenario(
                name: name,
                rate: try .perMinute(100),
                phases: [.sequential(50), afterFault],
                onError: .allow,
                injectsFault: true
            )
        case "selective":
            return Scenario(
                name: name,
                rate: try .perMinute(50),
                phases: [.sequential(100), .sequential(100, Probe(route: .unthrottled))]
            )
        default:
            return nil
        }
    }

    private static func webSocket(_ name: String) throws -> Scenario? {
        switch name {
        case "below_limit":
            return Scenario(name: name, rate: try .perMinute(100), phases: [.sequential(50)])
        case "over_limit":
            return Scenario(name: name, rate: try .perMinute(50), phases: [.sequential(150)])
        case "burst":
            // Every message is sent before the replies are read.
            return Scenario(name: name, rate: try .perMinute(20), phases: [.concurrent(100, inFlight: 100)])
        case "concurrent":
            var phase = Phase.sequential(200)
            phase.connections = 10
            return Scenario(name: name, rate: try .perMinute(100), phases: [phase])
        case "window_boundary":
            return Scenario(name: name, rate: try .perSecond(10), phases: waves(of: 10), alignsToWindow: true)
        default:
            return nil
        }
    }

    /// Three waves of `size` concurrent probes, 1.1 s apart.
    private static func waves(of size: Int) -> [Phase] {
        (0..<3).map { index in
            var phase = Phase.concurrent(size, inFlight: size)
            phase.startOffset = .milliseconds(1_100 * index)
            return phase
        }
    }
}
