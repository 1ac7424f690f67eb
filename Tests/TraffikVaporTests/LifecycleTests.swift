// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
import Traffik
import TraffikTestSupport
import TraffikVapor
import Vapor
import VaporTesting

@Suite(.timeLimit(.minutes(1))) struct LifecycleTests {
    @Test func backendsStartAtBootAndCloseAtShutdown() async throws {
        let first = CountingBackend()
        let second = CountingBackend()
        let app = try await Application.make(.testing)
        do {
            app.logger.logLevel = .error
            app.lifecycle.use(ThrottleBackendLifecycle([first, second]))
            #expect([first, second].map(\.snapshot.starts) == [0, 0])
            try await app.asyncBoot()
            #expect([first, second].map(\.snapshot.starts) == [1, 1])
            #expect([first, second].map(\.snapshot.closes) == [0, 0])
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        #expect([first, second].map(\.snapshot.closes) == [1, 1])
    }

    @Test func aBackendThatCannotStartFailsTheBoot() async throws {
        struct Unreachable: Error {}
        let broken = CountingBackend(startFailure: Unreachable())
        let app = try await Application.make(.testing)
        app.logger.logLevel = .critical
        app.lifecycle.use(ThrottleBackendLifecycle([broken]))
        await #expect(throws: Unreachable.self) { try await app.asyncBoot() }
        try await app.asyncShutdown()
    }
}
