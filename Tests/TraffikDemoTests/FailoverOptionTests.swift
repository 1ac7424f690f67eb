// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Testing
import Traffik

@testable import traffik_demo

@Suite struct FailoverOptionTests {
    @Test func redisTiersStandBehindABreakerWithTheChosenFailover() throws {
        let serve = try ServeCommand.parse(["--redis-url", "redis://127.0.0.1:6379/0", "--failover", "memory"])
        let tiers = try #require(try serve.makeTiers())
        for backend in [tiers.enterprise, tiers.premium] {
            let resilient = try #require(backend as? ResilientBackend)
            #expect(resilient.breaker != nil)
            #expect(resilient.deadline == .milliseconds(100))
            #expect(resilient.failover is InMemoryBackend)
        }
        #expect(tiers.free is InMemoryBackend)

        let withoutFailover = try #require(
            try ServeCommand.parse(["--redis-url", "redis://127.0.0.1:6379/0"]).makeTiers()
        )
        #expect((withoutFailover.enterprise as? ResilientBackend)?.failover == nil)
        #expect(try ServeCommand.parse([]).makeTiers() == nil)
    }

    @Test func failoverNeedsRedis() {
        #expect(throws: (any Error).self) { try ServeCommand.parse(["--failover", "memory"]) }
        #expect(throws: (any Error).self) { try ServeCommand.parse(["--failover", "disk"]) }
    }
}
