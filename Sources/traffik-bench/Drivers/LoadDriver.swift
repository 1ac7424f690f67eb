// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// Sends one phase's probes to the servers and reports how each ended.
protocol LoadDriver: Sendable {
    func run(_ phase: Phase) async -> [Sample]
}
