// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// A value that the tasks and closures of a test share, behind a lock.
///
/// ```swift
/// let attempts = Shared(0)
/// try await policy.run(isSafeToRetry: { _ in true }, sleep: { _ in }) { attempts.withLock { $0 += 1 } }
/// ```
public final class Shared<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>

    /// Creates the shared value.
    public init(_ value: Value) { self.storage = Mutex(value) }

    /// Runs `body` with the value, under the lock.
    public func withLock<Result: Sendable>(_ body: (inout Value) -> Result) -> Result {
        storage.withLock { body(&$0) }
    }

    /// The value now.
    public var value: Value { withLock { $0 } }
}
