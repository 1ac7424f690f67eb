// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser

/// `--failover`: what decides on the bench server while Redis fails.
enum HarnessFailover: String, CaseIterable, Sendable, Codable, ExpressibleByArgument {
    /// Nothing: the bench throttle's error policy answers.
    case none
    /// An in-memory backend in the server's process.
    case memory
}
