// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser

/// `--failover` (of `traffik-demo serve` and `bench-server`, and of the harness): what decides while Redis fails.
package enum FailoverChoice: String, CaseIterable, Sendable, Codable, ExpressibleByArgument {
    /// Nothing: the throttle's error policy answers.
    case none
    /// An in-memory backend in the server's process.
    case memory
}
