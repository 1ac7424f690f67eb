// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// What `traffik-bench deny-cache` measured: the run without a deny cache, the run with one, and the round trips
/// to Redis the cache saved.
struct DenyCacheReport: Sendable, Codable, Hashable {
    var command = "deny-cache"
    var framework: String
    var rate: String
    var concurrency: Int
    var timestamp: String
    var without: DenyCacheRun
    var with: DenyCacheRun
    /// Round trips the run with the cache did not make.
    var saved: Int
    /// `saved` as a share of the round trips without the cache, in percent.
    var savedPercent: Double

    init(
        framework: String,
        rate: String,
        concurrency: Int,
        timestamp: String,
        without: DenyCacheRun,
        with: DenyCacheRun
    ) {
        self.framework = framework
        self.rate = rate
        self.concurrency = concurrency
        self.timestamp = timestamp
        self.without = without
        self.with = with
        self.saved = without.roundTrips - with.roundTrips
        self.savedPercent = without.roundTrips > 0 ? Double(saved) * 100 / Double(without.roundTrips) : 0
    }

    /// Pretty-printed JSON with sorted keys.
    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
