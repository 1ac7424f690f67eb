// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Traffik

/// What a check did wrong to values it could not decode, on a store's backend: for each strategy, each of its
/// values is stored under a key and checked (cost 0 and 1, no commit); every check must be allowed, and the value
/// must be left as it was. Then a state that decoded and is as good as none must still be dropped by a check.
///
/// ```swift
/// let wrongs = try await wrongsDoneToUndecodableValues(by: backend, clock: clock, strategies: strategies) { _ in
///     [Array("another application's value".utf8)]
/// }
/// #expect(wrongs.isEmpty, "\(wrongs)")
/// ```
///
/// - Returns: One line per wrong; empty when there were none.
public func wrongsDoneToUndecodableValues(
    by backend: some KeyValueBackend,
    clock: ManualClock,
    strategies: [Strategy],
    values: (Strategy) -> [[UInt8]]
) async throws -> [String] {
    let rate = try Rate.perMinute(5)
    var wrongs: [String] = []
    for strategy in strategies {
        for value in values(strategy) {
            try await backend.set("k", to: value, ttl: .seconds(60))
            for cost in [0, 1] {
                let decision = try await backend.decide(
                    key: "k",
                    strategy: strategy,
                    rate: rate,
                    cost: cost,
                    commit: false
                )
                if !decision.isAllowed { wrongs.append("\(strategy) refused a check of cost \(cost)") }
            }
            if try await backend.get("k") != value { wrongs.append("\(strategy) deleted a value it could not decode") }
        }
    }
    try await backend.delete("k")
    _ = try await backend.decide(key: "k", strategy: .tokenBucket(), rate: rate, cost: 1, commit: true)
    clock.advance(by: .seconds(3_600))
    _ = try await backend.decide(key: "k", strategy: .tokenBucket(), rate: rate, cost: 1, commit: false)
    if try await backend.get("k") != nil { wrongs.append("a check kept a state as good as none") }
    return wrongs
}
