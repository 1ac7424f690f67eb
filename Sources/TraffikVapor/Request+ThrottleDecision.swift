// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import Traffik
public import Vapor

extension Request {
    private struct ThrottleDecisionKey: StorageKey {
        typealias Value = Decision
    }

    /// The decision of a recording ``ThrottleMiddleware`` (``ThrottleMiddleware/recording(_:rules:cost:responses:)``):
    /// a refusal if its throttle refused, else the allowed decision with the least budget left; `nil` when no
    /// throttle applied.
    public var throttleDecision: Decision? {
        get { storage[ThrottleDecisionKey.self] }
        set { storage[ThrottleDecisionKey.self] = newValue }
    }
}
