// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import TraffikBenchContract

extension BenchFramework {
    /// Runs the bench app on this framework until the process is stopped.
    func run(_ app: BenchApp) async throws {
        switch self {
        case .hummingbird:
            try await app.runHummingbird()
        case .vapor:
            try await app.runVapor()
        }
    }
}
