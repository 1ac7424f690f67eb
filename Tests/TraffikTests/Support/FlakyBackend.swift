// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Synchronization
import Traffik

/// An in-memory backend that can be told to fail every call, or to stall every call (ignoring cancellation, as a
/// command in flight on a stalled connection does) until released; it counts the calls that reach it.
final class FlakyBackend: ThrottleBackend {
    enum Mode: UInt8 { case healthy, failing, stalling }

    let inner: InMemoryBackend
    var namespace: String { inner.namespace }
    var isPersistent: Bool { true }
    var errorPolicy: ErrorPolicy? { nil }
    var kind: String { "flaky" }

    private let mode = Atomic<UInt8>(Mode.healthy.rawValue)
    private let calls = Atomic(0)
    private let stalled = Mutex<[CheckedContinuation<Void, Never>]>([])

    init(clock: ManualClock) {
        inner = InMemoryBackend(clock: clock, persistent: true)
    }

    /// Calls that reached the backend (decisions; not start, close or reset).
    var callCount: Int { calls.load(ordering: .acquiring) }
    /// Calls stalled now.
    var stalledCount: Int { stalled.withLock { $0.count } }

    func set(_ newMode: Mode) { mode.store(newMode.rawValue, ordering: .releasing) }

    /// Lets every stalled call go on; they then fail.
    func release() {
        let waiting = stalled.withLock { stalled in
            defer { stalled.removeAll() }
            return stalled
        }
        for continuation in waiting { continuation.resume() }
    }

    private func enter() async throws {
        calls.add(1, ordering: .acquiringAndReleasing)
        switch Mode(rawValue: mode.load(ordering: .acquiring)) ?? .healthy {
        case .healthy: return
        case .failing: throw BackendError(.unavailable, "the store is down")
        case .stalling:
            await withCheckedContinuation { continuation in stalled.withLock { $0.append(continuation) } }
            throw BackendError(.unavailable, "the connection was lost")
        }
    }

    func start() async throws {}
    func close() async throws {}
    func reset() async throws { try await inner.reset() }
    func decide(key: String, strategy: Strategy, rate: Rate, cost: Int, commit: Bool) async throws -> Decision {
        try await enter()
        return try await inner.decide(key: key, strategy: strategy, rate: rate, cost: cost, commit: commit)
    }
}
