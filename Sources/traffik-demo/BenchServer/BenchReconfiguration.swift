// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Traffik

/// What a reset's query changes on the bench throttle: `rate` (such as `50/60s`), `strategy` (a library name, which
/// needs the rate) and `on_error` (`allow`, `throttle`, `raise`), so that one server runs every scenario.
enum BenchReconfiguration {
    /// A query the server refuses, with the reason.
    struct Refused: Error {
        var message: String
    }

    /// Applies the query (`parameter` reads one of its values) to `throttle`.
    static func apply<Input>(
        to throttle: Throttle<Input>,
        parameter: (String) -> String?
    ) throws(Refused) {
        var rate: Rate?
        if let text = parameter("rate") {
            guard let parsed = try? Rate(parsing: text) else { throw Refused(message: "bad rate '\(text)'") }
            rate = parsed
            do {
                try throttle.update(rate: .fixed(parsed))
            } catch {
                throw Refused(message: "rate '\(text)': \(error)")
            }
        }
        if let name = parameter("strategy") {
            guard Strategy.builtIns.contains(where: { $0.name == name }), let rate else {
                throw Refused(message: "strategy needs a known name and a rate")
            }
            throttle.update(strategy: BenchServerCommand.strategy(named: name, rate: rate))
        }
        if let name = parameter("on_error") {
            guard let policy = BenchErrorPolicy(rawValue: name) else {
                throw Refused(message: "bad on_error '\(name)'")
            }
            throttle.update(errorPolicy: policy.policy)
        }
    }
}
