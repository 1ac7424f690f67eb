// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Synchronization
import Traffik

/// A backend whose every operation fails (with a ``BackendError`` of the kind given), hangs until cancelled, or
/// stalls (ignoring cancellation, as a command in flight on a stalled connection does) until ``release()``.
final class BrokenBackend: ThrottleBackend {
    enum Mode { case fail, hang, stall }
    let mode: Mode
    let failure: BackendError.Kind
    private let stalled = Mutex<[CheckedContinuation<Void, Never>]>([])
    let errorPolicy: ErrorPolicy?
    var namespace: String { "broken" }
    var isPersistent: Bool { true }
    var kind: String { "broken" }

    init(_ mode: Mode = .fail, failure: BackendError.Kind = .unavailable, errorPolicy: ErrorPolicy? = nil) {
        self.mode = mode
        self.failure = failure
        self.errorPolicy = errorPolicy
    }

    private func fail() async throws -> Never {
        if mode == .hang {
            // A stream that never yields; iteration ends only when the task is cancelled.
            let (stream, continuation) = AsyncStream<Int>.makeStream()
            defer { continuation.finish() }
            for await _ in stream {}
        }
        if mode == .stall {
            await withCheckedContinuation { continuation in stalled.withLock { $0.append(continuation) } }
        }
        throw BackendError(failure, "the store is down")
    }

    /// How many operations are stalled now.
    var stalledCount: Int { stalled.withLock { $0.count } }

    /// Lets every stalled operation go on (and fail).
    func release() {
        let waiting = stalled.withLock { stalled in
            defer { stalled.removeAll() }
            return stalled
        }
        for continuation in waiting { continuation.resume() }
    }

    func start() async throws {}
    func close() async throws {}
    func reset() async throws {}
    func decide(key: String, strategy: Strategy, rate: Rate, cost: Int, commit: Bool) async throws -> Decision {
        try await fail()
    }
}

/// A uid no other test uses.
func uniqueUID(_ prefix: String = "test", function: String = #function) -> String {
    "\(prefix):\(function):\(UInt64.random(in: 0...UInt64.max))"
}
