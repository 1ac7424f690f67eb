// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import TraffikConnectionPool

/// A client error type for the tests: its kind and message.
struct TestFailure: ConnectionFailure, Equatable {
    var kind: ConnectionFailureKind
    var message: String

    init(connectionFailure kind: ConnectionFailureKind, _ message: String, underlying: (any Error)?) {
        self.kind = kind
        self.message = message
    }

    func withMessage(_ message: String) -> TestFailure {
        TestFailure(connectionFailure: kind, message, underlying: nil)
    }
}
