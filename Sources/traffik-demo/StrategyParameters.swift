// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// The strategy parameters given on the command line; `nil` leaves the library's default.
struct StrategyParameters: Sendable, Hashable {
    /// The token buckets' size (`--burst`); the rate's limit by default.
    var burst: Int?
    /// How far the token bucket with debt may borrow (`--max-debt`); 0 by default.
    var maxDebt: Int?
    /// GCRA's burst tolerance in microseconds (`--tolerance`); 0 by default.
    var tolerance: Int64?

    /// Checks the values, and that each one given is read by at least one of `names`.
    ///
    /// With `all` strategies every parameter applies somewhere; with one strategy, a parameter it ignores is a
    /// mistake worth reporting rather than silently dropping.
    func check(for names: [StrategyName]) throws(ScenarioError) {
        if let burst, burst < 1 { throw ScenarioError("--burst must be at least 1, got \(burst)") }
        if let maxDebt, maxDebt < 0 { throw ScenarioError("--max-debt must not be negative, got \(maxDebt)") }
        if let tolerance, tolerance < 0 { throw ScenarioError("--tolerance must not be negative") }
        if burst != nil, !names.contains(where: \.takesBurst) {
            throw ScenarioError("--burst applies only to token-bucket and token-bucket-with-debt")
        }
        if maxDebt != nil, !names.contains(where: \.takesMaxDebt) {
            throw ScenarioError("--max-debt applies only to token-bucket-with-debt")
        }
        if tolerance != nil, !names.contains(where: \.takesTolerance) {
            throw ScenarioError("--tolerance applies only to gcra")
        }
    }
}
