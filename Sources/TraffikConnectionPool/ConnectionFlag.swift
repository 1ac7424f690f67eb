// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// Set by a connection's handler, on its event loop, the moment the connection stops taking commands, so the pool
/// stops choosing it before the channel has finished closing, and a write that reaches a closed channel fails with
/// the reason the connection ended.
package final class ConnectionFlag<Failure: ConnectionFailure>: Sendable {
    private let finished = Atomic<Bool>(false)
    private let reason = Mutex<Failure?>(nil)

    /// Creates a flag for a connection that takes commands.
    package init() {}

    /// Whether the connection has stopped taking commands.
    package var isFinished: Bool {
        finished.load(ordering: .acquiring)
    }

    /// Why the connection stopped taking commands, once it has.
    package var failure: Failure? {
        reason.withLock { $0 }
    }

    /// Marks the connection finished because of `failure`; the first reason is kept.
    package func finish(_ failure: Failure) {
        reason.withLock { $0 = $0 ?? failure }
        finished.store(true, ordering: .releasing)
    }
}
