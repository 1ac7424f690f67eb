// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import traffik_bench

/// Runs real scenarios against a bench server the harness starts (`traffik-demo`, built beside the tests).
@Suite struct EndToEndTests {
    @Test(.timeLimit(.minutes(2)))
    func smallScenariosPassAgainstASpawnedServer() async throws {
        let options = try LoadOptions.parse([
            "--scenarios", "over_limit,many_keys", "--iterations", "1", "--warmup", "0", "--strategy", "token-bucket",
        ])
        let results = try await LoadRunner(command: .http, options: options, progress: { _ in }).run()
        #expect(results.map(\.scenario) == ["over_limit", "many_keys"])
        for result in results {
            #expect(result.passed, "\(result.scenario): \(result.success) admitted, expected \(result.expected.text)")
            #expect(result.errors == 0)
        }
    }

    /// The same checks on Vapor, with counters in a `memcached` the harness starts and stops.
    @Test(.timeLimit(.minutes(2)))
    func vaporOnMemcachedPasses() async throws {
        let options = try LoadOptions.parse([
            "--scenarios", "over_limit,many_keys", "--iterations", "1", "--warmup", "0", "--framework", "vapor",
            "--backend", "memcached",
        ])
        let results = try await LoadRunner(command: .middleware, options: options, progress: { _ in }).run()
        #expect(results.map(\.scenario) == ["over_limit", "many_keys"])
        for result in results {
            #expect(result.passed, "\(result.scenario): \(result.success) admitted, expected \(result.expected.text)")
            #expect(result.errors == 0)
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func webSocketMessagesAreThrottledPerMessage() async throws {
        let options = try LoadOptions.parse(["--scenarios", "over_limit", "--iterations", "1", "--warmup", "0"])
        let results = try await LoadRunner(command: .websocket, options: options, progress: { _ in }).run()
        let result = try #require(results.first)
        #expect(result.passed, "\(result.success) admitted, expected \(result.expected.text)")
        #expect(result.errors == 0)
        // 150 messages at 50/min on a clock-aligned fixed window: 50 admitted and 100 refused, or, when the run
        // straddles the start of a minute, up to 50 more admitted in the next window. Every message is answered.
        #expect(result.success + result.throttled == 150)
        #expect((50...100).contains(result.throttled), "\(result.throttled) refused")
    }
}
