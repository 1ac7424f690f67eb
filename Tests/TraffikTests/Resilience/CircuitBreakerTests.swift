// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Synchronization
import Testing
import Traffik

@Suite struct CircuitBreakerTests {
    struct StoreDown: Error {}

    /// Counts the calls that reach the "store" and fails them while told to.
    final class Store: Sendable {
        let calls = Atomic(0)
        let failing = Atomic(true)

        func call() throws -> Int {
            calls.add(1, ordering: .relaxed)
            if failing.load(ordering: .relaxed) { throw StoreDown() }
            return 42
        }
    }

    let clock = ManualClock()
    let store = Store()

    func breaker(_ configuration: CircuitBreakerConfiguration) -> CircuitBreaker {
        CircuitBreaker(name: "test-store", configuration: configuration, clock: clock)
    }

    @Test func whileOpenTheStoreIsNotCalledAtAll() async throws {
        let breaker = breaker(.init(failureThreshold: 3, recoveryTime: .seconds(5)))
        for _ in 0..<3 { await #expect(throws: StoreDown.self) { try await breaker.run { try self.store.call() } } }
        #expect(breaker.state == .open)
        for _ in 0..<1_000 {
            await #expect(throws: CircuitBreakerOpenError.self) { try await breaker.run { try self.store.call() } }
        }
        #expect(store.calls.load(ordering: .relaxed) == 3)
    }

    @Test func recoversWithoutARestartOnceProbesSucceed() async throws {
        let breaker = breaker(.init(failureThreshold: 2, recoveryTime: .seconds(5), successThreshold: 2))
        for _ in 0..<2 { _ = try? await breaker.run { try self.store.call() } }
        #expect(breaker.state == .open)
        clock.advance(by: .seconds(5))
        #expect(breaker.state == .halfOpen)
        store.failing.store(false, ordering: .relaxed)
        #expect(try await breaker.run { try self.store.call() } == 42)
        #expect(breaker.state == .halfOpen)
        #expect(try await breaker.run { try self.store.call() } == 42)
        #expect(breaker.state == .closed)
        #expect(store.calls.load(ordering: .relaxed) == 4)
    }

    @Test func errorsThatSayNothingAboutTheStoreDoNotOpenIt() async throws {
        let breaker = breaker(.init(failureThreshold: 1))
        for kind in [BackendError.Kind.keyCapacity, .contention, .lockTimeout, .invalidValue] {
            await #expect(throws: BackendError.self) {
                try await breaker.run { () async throws -> Int in throw BackendError(kind, "not the store's health") }
            }
        }
        await #expect(throws: CancellationError.self) {
            try await breaker.run { () async throws -> Int in throw CancellationError() }
        }
        #expect(breaker.state == .closed)
        await #expect(throws: BackendError.self) {
            try await breaker.run { () async throws -> Int in throw BackendError(.timeout, "no answer") }
        }
        #expect(breaker.state == .open)
    }

    @Test func concurrentCallersOpenItOnceAndThenNoneReachTheStore() async throws {
        let breaker = breaker(.init(failureThreshold: 5, recoveryTime: .seconds(60)))
        let store = store
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<200 {
                group.addTask { _ = try? await breaker.run { try store.call() } }
            }
        }
        // Calls let through before the fifth failure was recorded may still fail; none start after it.
        let calls = store.calls.load(ordering: .relaxed)
        #expect(calls >= 5)
        #expect(breaker.state == .open)
        for _ in 0..<100 { _ = try? await breaker.run { try store.call() } }
        #expect(store.calls.load(ordering: .relaxed) == calls)
    }
}
