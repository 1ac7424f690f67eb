// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser

/// `--backend`: the store a bench server keeps its counters in.
package enum BenchStore: String, CaseIterable, Sendable, Codable, ExpressibleByArgument {
    case memory
    case redis
    case memcached

    /// Whether several server processes can share the store's counters (and the harness can stop the store).
    package var isShared: Bool { self != .memory }

    /// The store's name, for notes.
    package var storeName: String {
        switch self {
        case .memory: "in-memory store"
        case .redis: "Redis"
        case .memcached: "Memcached"
        }
    }
}
