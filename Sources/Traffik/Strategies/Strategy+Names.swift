// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

extension Strategy {
    /// The built-in strategy whose ``name`` is `name` (such as `token-bucket`), with its default parameters; `nil`
    /// for any other name. Names are the library's, so a configuration file or a command line reads the same names
    /// a log line shows.
    ///
    /// ```swift
    /// let strategy = Strategy(named: "sliding-window-counter") ?? .fixedWindow
    /// ```
    public init?(named name: String) {
        guard let strategy = Self.builtIns.first(where: { $0.name == name }) else { return nil }
        self = strategy
    }

    /// The names of the built-in strategies, in ``builtIns`` order.
    public static var builtInNames: [String] { builtIns.map(\.name) }

    /// A GCRA that lets `burst` requests through at once at `rate`, then one per emission interval
    /// (`period / limit`): its burst tolerance is `burst - 1` intervals. A burst below 2, or an unlimited rate, gives
    /// no tolerance; a tolerance too long to hold is capped.
    ///
    /// ```swift
    /// let rate = try Rate(parsing: "100/min")
    /// let strategy = Strategy.gcra(burst: 100, at: rate)  // 100 at once, like a fixed window's first minute
    /// ```
    public static func gcra(burst: Int, at rate: Rate) -> Strategy {
        guard burst > 1, !rate.isUnlimited else { return .gcra() }
        let interval = rate.periodMicroseconds / Int64(rate.limit)
        let (tolerance, overflow) = interval.multipliedReportingOverflow(by: Int64(burst - 1))
        return .gcra(burstTolerance: .microseconds(overflow ? Int64.max : tolerance))
    }
}
