// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import AsyncHTTPClient
import Foundation
import NIOCore
import Traffik
import TraffikBenchContract
import TraffikProcessSupport

/// Runs a command's scenarios: sets the store up, starts and health-checks the servers (or uses `--target`),
/// reconfigures and resets them before each iteration, drives the traffic, checks the admitted count against the
/// expectation, and stops everything it started.
struct LoadRunner: Sendable {
    var command: LoadCommandKind
    var options: LoadOptions
    /// Progress lines (to standard error by default).
    var progress: @Sendable (String) -> Void = { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }

    func run() async throws -> [ScenarioResult] {
        let scenarios = try options.selectedScenarios(for: command)
        let workers = options.workerCount(for: command)
        if options.target == nil, workers > 1, !options.backend.isShared {
            progress("warning: \(workers) servers on --backend memory do not share counters; expect FAILs")
        }
        let client = HarnessSetUp.loadClient(connections: max(options.concurrency, 8))
        var fleet: ServerFleet?
        do {
            let started = try await ServerFleet.start(
                options: options,
                command: command,
                workers: workers,
                client: client
            )
            fleet = started
            var results: [ScenarioResult] = []
            for (position, scenario) in scenarios.enumerated() {
                progress("[\(position + 1)/\(scenarios.count)] \(command.rawValue) \(scenario.name)")
                results.append(try await run(scenario, fleet: started, client: client))
            }
            await started.stop()
            try await client.shutdown()
            return results
        } catch {
            await fleet?.stop()
            try? await client.shutdown()
            throw error
        }
    }

    /// Runs one scenario's warm-up and timed iterations. `error_recovery` on a store the harness can stop runs each
    /// timed iteration (no warm-up) on a store and server of its own, and stops that store between its two phases.
    private func run(_ scenario: Scenario, fleet: ServerFleet, client: HTTPClient) async throws -> ScenarioResult {
        var scenario = scenario
        var note: String?
        let injects = scenario.injectsFault && options.target == nil && options.backend.isShared
        if scenario.injectsFault, !injects {
            let reason = options.target == nil ? "the in-memory store cannot be stopped" : "external target"
            note = "no fault injected (\(reason))"
            for index in scenario.phases.indices { scenario.phases[index].afterFault = false }
        }
        if injects {
            let count = scenario.phases.prefix { !$0.afterFault }.map(\.probes.count).reduce(0, +)
            note =
                "fault injected: the harness stopped its \(options.backend.storeName) after \(count) requests "
                + "(on_error=\(scenario.onError.rawValue))"
        }
        var runs: [RunRecord] = []
        let warmup = injects ? 0 : options.warmup
        for iteration in 0..<(warmup + options.iterations) {
            let timed = iteration >= warmup
            progress(
                "  \(scenario.name) "
                    + (timed ? "iteration \(iteration - warmup + 1)/\(options.iterations)" : "warm-up")
            )
            guard injects else {
                let record = try await runOnce(scenario, fleet: fleet, client: client)
                if timed { runs.append(record) }
                continue
            }
            let own = try await ServerFleet.start(
                options: options,
                command: command,
                workers: 1,
                client: client,
                privateStore: true
            )
            do {
                runs.append(try await runOnce(scenario, fleet: own, client: client))
                await own.stop()
            } catch {
                await own.stop()
                throw error
            }
        }
        return ScenarioResult(scenario: scenario.name, runs: runs, note: note)
    }

    /// One iteration: reconfigure and reset, wait for a good moment in the window, send the phases, and compute
    /// the expectation from when they ran.
    private func runOnce(_ scenario: Scenario, fleet: ServerFleet, client: HTTPClient) async throws -> RunRecord {
        let strategy = options.strategy.strategy(for: scenario.rate)
        try await fleet.reset(
            rate: scenario.rate,
            strategy: options.strategy.name,
            onError: scenario.onError,
            client: client
        )
        let wait = WallClock.waitBeforeRun(
            periodMicroseconds: scenario.rate.periodMicroseconds,
            aligned: scenario.alignsToWindow,
            now: WallClock.now()
        )
        if wait > 0 {
            if wait > 1_000_000 { progress("  waiting \(wait / 1_000_000) s for a new window") }
            await pauseOnDispatch(milliseconds: Int(wait / 1000))
        }
        let driver: any LoadDriver =
            command == .websocket
            ? WebSocketDriver(baseURLs: fleet.baseURLs) : HTTPDriver(client: client, baseURLs: fleet.baseURLs)
        let runStart = WallClock.now()
        let clockStart = ContinuousClock.now
        var samples: [[Sample]] = []
        for phase in scenario.phases {
            if let offset = phase.startOffset {
                let remaining = (clockStart + offset) - ContinuousClock.now
                if remaining > .zero { await pauseOnDispatch(milliseconds: Int(remaining / .milliseconds(1))) }
            }
            if phase.afterFault { await fleet.stopStore() }
            samples.append(await driver.run(phase))
        }
        return RunRecord(
            samples: samples.flatMap { $0 },
            start: runStart,
            elapsed: WallClock.now() - runStart,
            expected: ExpectationModel.expected(for: scenario, strategy: strategy, samples: samples)
        )
    }
}
