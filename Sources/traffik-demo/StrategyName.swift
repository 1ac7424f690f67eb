// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Traffik

/// One of the eight built-in strategies, by the name the library gives it (``Strategy/name``).
enum StrategyName: CaseIterable, Sendable, Hashable {
    case fixedWindow
    case slidingWindowCounter
    case slidingWindowLog
    case tokenBucket
    case tokenBucketWithDebt
    case leakyBucket
    case leakyBucketWithQueue
    case gcra

    /// The strategy called `name` by the library, such as `token-bucket`.
    init?(named name: String) {
        guard let found = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = found
    }

    /// The library's name for the strategy.
    var name: String { strategy(with: StrategyParameters()).name }

    /// The strategy, with the parameters that apply to it.
    func strategy(with parameters: StrategyParameters) -> Strategy {
        switch self {
        case .fixedWindow: .fixedWindow
        case .slidingWindowCounter: .slidingWindowCounter
        case .slidingWindowLog: .slidingWindowLog
        case .tokenBucket: .tokenBucket(burst: parameters.burst)
        case .tokenBucketWithDebt: .tokenBucketWithDebt(burst: parameters.burst, maxDebt: parameters.maxDebt ?? 0)
        case .leakyBucket: .leakyBucket
        case .leakyBucketWithQueue: .leakyBucketWithQueue
        case .gcra: .gcra(burstTolerance: .microseconds(parameters.tolerance ?? 0))
        }
    }

    /// A short column heading for the side-by-side view, such as `TB`.
    var code: String {
        switch self {
        case .fixedWindow: "FW"
        case .slidingWindowCounter: "SWC"
        case .slidingWindowLog: "SWL"
        case .tokenBucket: "TB"
        case .tokenBucketWithDebt: "TBD"
        case .leakyBucket: "LB"
        case .leakyBucketWithQueue: "LBQ"
        case .gcra: "GCRA"
        }
    }

    /// Whether admitted requests may be told to wait for their turn (``Decision/delayMicroseconds``).
    var queues: Bool { self == .leakyBucketWithQueue }

    /// Whether the strategy reads `--burst`.
    var takesBurst: Bool { self == .tokenBucket || self == .tokenBucketWithDebt }

    /// Whether the strategy reads `--max-debt`.
    var takesMaxDebt: Bool { self == .tokenBucketWithDebt }

    /// Whether the strategy reads `--tolerance`.
    var takesTolerance: Bool { self == .gcra }

    /// The parameters in force for this strategy, in words (`burst 10, max debt 0`); empty when it takes none.
    func parameterSummary(_ parameters: StrategyParameters, rate: Rate) -> String {
        var parts: [String] = []
        if takesBurst { parts.append("burst \(parameters.burst ?? rate.limit)") }
        if takesMaxDebt { parts.append("max debt \(parameters.maxDebt ?? 0)") }
        if takesTolerance { parts.append("tolerance \(Format.duration(parameters.tolerance ?? 0))") }
        return parts.joined(separator: ", ")
    }
}
