// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser

/// `--deny-cache`: a deny cache of the given capacity in front of the store (`100000`), or none (`off`).
package struct BenchDenyCache: Sendable, Hashable, Codable, ExpressibleByArgument {
    /// The most refusals the cache remembers; `nil` for no cache.
    package var capacity: Int?

    /// No deny cache.
    package static let off = BenchDenyCache(capacity: nil)

    /// A cache of `capacity` refusals (at least 1), or none.
    package init(capacity: Int?) { self.capacity = capacity.map { max($0, 1) } }

    /// Reads `off`, or a capacity of at least 1.
    package init?(argument: String) {
        if argument.lowercased() == "off" {
            self.capacity = nil
            return
        }
        guard let capacity = Int(argument), capacity >= 1 else { return nil }
        self.capacity = capacity
    }

    /// `off`, or the capacity: what `init(argument:)` reads back.
    package var text: String { capacity.map { "\($0)" } ?? "off" }

    package var defaultValueDescription: String { text }
}
