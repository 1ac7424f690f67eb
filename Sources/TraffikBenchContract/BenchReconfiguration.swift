// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Traffik

/// What a reset (`POST /__bench__/reset?…`) changes on a bench server's throttle, so that one server runs every
/// scenario: the harness renders it with ``query``, the server reads it with ``init(parameter:)``.
package struct BenchReconfiguration: Sendable, Hashable {
    /// The new rate.
    package var rate: Rate?
    /// The new strategy's library name (it needs ``rate``).
    package var strategy: String?
    /// The new error policy.
    package var onError: BenchErrorPolicy?

    /// A query the server refuses, with the reason.
    package struct Refused: Error, Sendable {
        package var message: String
    }

    /// The query's parameter names, each written once.
    package enum Parameter: String, Sendable {
        case rate, strategy
        case onError = "on_error"
    }

    /// Creates a reconfiguration.
    package init(rate: Rate? = nil, strategy: String? = nil, onError: BenchErrorPolicy? = nil) {
        self.rate = rate
        self.strategy = strategy
        self.onError = onError
    }

    /// Reads a query: `parameter` returns one of its values by name.
    package init(parameter: (String) -> String?) throws(Refused) {
        if let text = parameter(Parameter.rate.rawValue) {
            guard let parsed = try? Rate(parsing: text) else { throw Refused(message: "bad rate '\(text)'") }
            rate = parsed
        }
        if let name = parameter(Parameter.strategy.rawValue) {
            guard Strategy(named: name) != nil, rate != nil else {
                throw Refused(message: "strategy needs a known name and a rate")
            }
            strategy = name
        }
        if let name = parameter(Parameter.onError.rawValue) {
            guard let policy = BenchErrorPolicy(rawValue: name) else {
                throw Refused(message: "bad on_error '\(name)'")
            }
            onError = policy
        }
    }

    /// The query, without the `?`: `rate=50/1min&strategy=gcra&on_error=raise`. A rate is written as the library
    /// writes it, which reads back exactly.
    package var query: String {
        var items: [String] = []
        if let rate { items.append("\(Parameter.rate.rawValue)=\(rate)") }
        if let strategy { items.append("\(Parameter.strategy.rawValue)=\(strategy)") }
        if let onError { items.append("\(Parameter.onError.rawValue)=\(onError.rawValue)") }
        return items.joined(separator: "&")
    }

    /// Applies the reconfiguration to `throttle`.
    package func apply<Input>(to throttle: Throttle<Input>) throws(Refused) {
        if let rate {
            do { try throttle.update(rate: .fixed(rate)) } catch { throw Refused(message: "rate '\(rate)': \(error)") }
        }
        if let strategy, let rate, let named = BenchStrategy.named(strategy, rate: rate) {
            throttle.update(strategy: named)
        }
        if let onError { throttle.update(errorPolicy: onError.policy) }
    }
}
