// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// What a run writes with `--output json`: how it was run, and a result per scenario.
struct Report: Sendable, Codable {
    struct Meta: Sendable, Codable, Hashable {
        var command: String
        var framework: String
        var backend: String
        var strategy: String
        var iterations: Int
        var warmup: Int
        var concurrency: Int
        var workers: Int
        var target: String?
        var timestamp: String
    }

    var meta: Meta
    var results: [ScenarioResult]

    /// Pretty-printed JSON with sorted keys.
    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
