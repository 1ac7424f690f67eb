// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// Where a throttle finds its backend: one fixed backend, or the task's active one on every hit.
///
/// One type holds both, so a throttle cannot be given a fixed backend and told to resolve one as well.
public enum BackendSource: Sendable {
    /// Always this backend.
    case fixed(any ThrottleBackend)
    /// The task's active backend (``withThrottleBackend(_:persistent:closeOnExit:isolation:_:)``), else
    /// `fallback`, else ``ActiveBackend/default``, else ``ThrottleError/noBackend(uid:)``.
    case taskLocal(fallback: (any ThrottleBackend)? = nil)

    /// The task's active backend, with no fallback of its own.
    public static var taskLocal: BackendSource { .taskLocal(fallback: nil) }

    @inline(__always)
    func resolve() -> (any ThrottleBackend)? {
        switch self {
        case .fixed(let backend): backend
        case .taskLocal(let fallback): ActiveBackend.current ?? fallback ?? ActiveBackend.default
        }
    }
}
