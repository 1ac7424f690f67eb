// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Testing
import Traffik

@testable import traffik_demo

@Suite("SimulateCommand")
struct SimulateCommandTests {
    /// The text ArgumentParser prints for the error that parsing `arguments` throws, or `nil` if none is thrown.
    func parseError(_ arguments: [String]) -> String? {
        do {
            _ = try SimulateCommand.parse(arguments)
            return nil
        } catch {
            return SimulateCommand.message(for: error)
        }
    }

    @Test("a bad rate fails parsing with the library's message naming the bad part")
    func badRate() {
        let unit = parseError(["--rate", "5/fortnight"])
        #expect(unit?.contains(#"invalid rate "5/fortnight": unknown unit "fortnight""#) == true)
        let limit = parseError(["--rate", "ten/s"])
        #expect(limit?.contains(#"the limit "ten" is not a whole number"#) == true)
        #expect(throws: (any Error).self) { try SimulateCommand.parse(["--rate", "10 every second"]) }
    }

    @Test("the options are read into the scenario, with defaults from the rate")
    func options() throws {
        let command = try SimulateCommand.parse([
            "--strategy", "token-bucket", "--rate", "100/min", "--pattern", "ramp", "--burst", "20",
        ])
        let scenario = try command.makeScenario()
        #expect(scenario.strategies == [.tokenBucket])
        #expect(scenario.rate.limit == 100)
        #expect(scenario.workload.pattern == .ramp)
        #expect(scenario.workload.duration == 600_000_000)
        #expect(scenario.interval == 60_000_000)
        #expect(scenario.parameters.burst == 20)
    }

    @Test("durations and the load are read as given")
    func durations() throws {
        let command = try SimulateCommand.parse([
            "--strategy", "gcra", "--duration", "3s", "--interval", "250ms", "--load", "12.5", "--tolerance", "500ms",
        ])
        let scenario = try command.makeScenario()
        #expect(scenario.workload.duration == 3_000_000)
        #expect(scenario.interval == 250_000)
        #expect(scenario.workload.peakPerSecond == 12.5)
        #expect(scenario.parameters.tolerance == 500_000)
    }

    @Test("with no options it compares all strategies under bursts at 10/s")
    func defaults() throws {
        let scenario = try SimulateCommand.parse([]).makeScenario()
        #expect(scenario.strategies == StrategyName.allCases)
        #expect(scenario.workload.pattern == .burst)
        #expect(
            scenario.summary
                == "rate 10/1s, burst: quiet for 3s, then 20 requests/s for 2s, every 5s, for 10s, in 1s intervals"
        )
    }

    @Test("simulate is reached by name; serve is the default")
    func rootSubcommands() throws {
        #expect(try TraffikDemo.parseAsRoot(["simulate", "--strategy", "fixed-window"]) is SimulateCommand)
        #expect(try TraffikDemo.parseAsRoot([]) is ServeCommand)
    }

    @Test(
        "options the command cannot use fail with a message",
        arguments: [
            (["--strategy", "bucket"], "bucket"),
            (["--pattern", "zigzag"], "zigzag"),
            (["--duration", "5parsecs"], #"unknown unit "parsecs""#),
            (["--strategy", "fixed-window", "--burst", "5"], "--burst applies only to"),
            (["--strategy", "gcra", "--max-debt", "5"], "--max-debt applies only to"),
            (["--strategy", "token-bucket", "--burst", "0"], "--burst must be at least 1"),
            (["--rate", "unlimited"], "an unlimited rate never throttles"),
            (["--interval", "1ms"], "makes 10000 lines"),
            (["--load", "0"], "--load must be a positive number"),
            (["--load", "1000000", "--duration", "1h", "--interval", "1min"], "too many requests"),
        ]
    )
    func rejected(arguments: [String], fragment: String) {
        let message = parseError(arguments)
        #expect(message?.contains(fragment) == true, "\(message ?? "no error")")
    }
}
