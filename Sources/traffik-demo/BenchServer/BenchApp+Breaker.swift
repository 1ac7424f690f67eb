// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Traffik

extension BenchApp {
    /// What `GET /__bench__/breaker` answers: the state of the circuit breaker in front of the store (`closed`,
    /// `open`, `half-open`), or `none` when the backend has no breaker.
    static func breakerState(of backend: any ThrottleBackend) -> String {
        guard let breaker = (backend as? ResilientBackend)?.breaker else { return "none" }
        switch breaker.state {
        case .closed: return "closed"
        case .open: return "open"
        case .halfOpen: return "half-open"
        }
    }
}
