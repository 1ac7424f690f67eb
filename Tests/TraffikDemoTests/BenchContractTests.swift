// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
import Traffik
import TraffikBenchContract

@testable import traffik_demo

/// The harness writes ``BenchServerSettings`` and the bench server reads them: what one renders, the other parses
/// back to the same settings, and a reset's query reads back to the same reconfiguration.
@Suite struct BenchContractTests {
    static var settings: [BenchServerSettings] {
        var everything = BenchServerSettings()
        everything.port = 8123
        everything.rate = try? Rate(parsing: "250/1500ms")
        everything.strategy = "token-bucket-with-debt"
        everything.backend = .redis
        everything.redisURL = "redis://10.0.0.7:6380"
        everything.memcached = "10.0.0.8:11211,10.0.0.9:11211"
        everything.onError = .allow
        everything.namespace = "run-7"
        everything.framework = .vapor
        everything.mode = .middleware
        everything.breaker = .on
        everything.deadlineMilliseconds = 75
        everything.failover = .memory
        everything.denyCache = BenchDenyCache(capacity: 5_000)
        var memcached = BenchServerSettings()
        memcached.backend = .memcached
        memcached.memcached = "127.0.0.1:11311"
        memcached.onError = .throttle
        return [BenchServerSettings(), everything, memcached]
    }

    @Test(arguments: settings)
    func whatTheHarnessWritesTheServerReads(_ settings: BenchServerSettings) throws {
        let command = try BenchServerCommand.parse(settings.arguments)
        #expect(command.settings == settings, "\(settings.arguments)")
    }

    @Test func everyOptionTheServerTakesIsNamedInTheContract() {
        let help = BenchServerCommand.helpMessage()
        for option in BenchServerSettings.Option.allCases {
            #expect(help.contains(option.flag), "\(option.flag)")
        }
    }

    @Test func aResetQueryReadsBack() throws {
        let rate = try Rate(parsing: "50/60s")
        for reconfiguration in [
            BenchReconfiguration(rate: rate, strategy: "gcra", onError: .raise), BenchReconfiguration(rate: rate),
            BenchReconfiguration(onError: .allow), BenchReconfiguration(),
        ] {
            let items = Dictionary(
                uniqueKeysWithValues: reconfiguration.query.split(separator: "&").map { item in
                    let parts = item.split(separator: "=", maxSplits: 1)
                    return (String(parts[0]), String(parts[1]))
                }
            )
            #expect(try BenchReconfiguration { items[$0] } == reconfiguration, "\(reconfiguration.query)")
        }
        #expect(throws: BenchReconfiguration.Refused.self) { try BenchReconfiguration { ["strategy": "gcra"][$0] } }
        #expect(throws: BenchReconfiguration.Refused.self) { try BenchReconfiguration { ["on_error": "ignore"][$0] } }
    }
}
