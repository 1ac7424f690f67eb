// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser

/// `--deny-cache`: a deny cache of the given capacity in front of the store (`100000`), or none (`off`).
struct BenchDenyCache: Sendable, Hashable, ExpressibleByArgument {
    /// The most refusals the cache remembers; `nil` for no cache.
    var capacity: Int?

    /// No deny cache.
    static let off = BenchDenyCache(capacity: nil)

    private init(capacity: Int?) { self.capacity = capacity }

    /// Reads `off`, or a capacity of at least 1.
    init?(argument: String) {
        if argument.lowercased() == "off" {
            self.capacity = nil
            return
        }
        guard let capacity = Int(argument), capacity >= 1 else { return nil }
        self.capacity = capacity
    }

    var defaultValueDescription: String { capacity.map { "\($0)" } ?? "off" }
}
