// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Synchronization
import Testing
@_spi(Backend) import Traffik

@Suite struct LockTests {
    @Test func excludesConcurrentHolders() async throws {
        let backend = InMemoryBackend(clock: ManualClock())
        let inside = Occupancy()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await backend.withLock("l", ttl: .seconds(60), timeout: .seconds(30)) {
                        inside.enter()
                        await Task.yield()
                        inside.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(inside.most == 1)
    }

    @Test func timesOutWhileHeld() async throws {
        let backend = InMemoryBackend(clock: ManualClock())
        try await backend.withLock("l", ttl: .seconds(60), timeout: .seconds(1)) {
            await #expect {
                try await backend.withLock("l", ttl: .seconds(60), timeout: .milliseconds(20)) {}
            } throws: { error in
                (error as? BackendError)?.kind == .lockTimeout
            }
        }
        // Released: taken again at once.
        try await backend.withLock("l", ttl: .seconds(60), timeout: .zero) {}
    }

    @Test func anExpiredLeaseCanBeTaken() async throws {
        let clock = ManualClock()
        let backend = InMemoryBackend(clock: clock)
        try await backend.withLock("l", ttl: .seconds(5), timeout: .seconds(1)) {
            clock.advance(by: .seconds(6))
            let taken = try await backend.withLock("l", ttl: .seconds(5), timeout: .zero) { true }
            #expect(taken)
        }
    }

    /// The loop every store's lock runs: a body that throws still releases the lock, and a release that fails is
    /// not the body's error.
    @Test func theLoopReleasesAfterAThrowingBodyAndIgnoresAFailedRelease() async throws {
        struct BodyFailed: Error {}
        struct ReleaseFailed: Error {}
        let held = Mutex(false)
        func take() -> Bool {
            held.withLock { held in
                defer { held = true }
                return !held
            }
        }
        await #expect(throws: BodyFailed.self) {
            try await LeasedLock.run("l", timeout: .zero, take: take, release: { held.withLock { $0 = false } }) {
                throw BodyFailed()
            }
        }
        #expect(!held.withLock { $0 }, "released after the body threw")
        let value = try await LeasedLock.run("l", timeout: .zero, take: take, release: { throw ReleaseFailed() }) {
            42
        }
        #expect(value == 42)
        await #expect {
            try await LeasedLock.run("l", timeout: .milliseconds(5), take: take, release: {}) {}
        } throws: { error in
            (error as? BackendError)?.kind == .lockTimeout
        }
    }

    @Test func tokensDiffer() {
        #expect(Set((0..<1_000).map { _ in LeasedLock.token() }).count == 1_000)
    }
}

/// How many tasks are inside a critical section, and the most at once.
private final class Occupancy: Sendable {
    private let state = Mutex((current: 0, most: 0))
    var most: Int { state.withLock { $0.most } }
    func enter() {
        state.withLock {
            $0.current += 1; $0.most = max($0.most, $0.current)
        }
    }
    func leave() { state.withLock { $0.current -= 1 } }
}
