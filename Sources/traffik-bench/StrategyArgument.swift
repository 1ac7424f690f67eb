import ArgumentParser
import Traffik

/// A built-in strategy by name, with the parameters the runs use.
enum StrategyArgument: String, CaseIterable, ExpressibleByArgument, Sendable {
    case fixedWindow = "fixed-window"
    case slidingWindowCounter = "sliding-window-counter"
    case slidingWindowLog = "sliding-window-log"
    case tokenBucket = "token-bucket"
    case tokenBucketWithDebt = "token-bucket-with-debt"
    case leakyBucket = "leaky-bucket"
    case leakyBucketWithQueue = "leaky-bucket-with-queue"
    case gcra

    /// The strategy, with GCRA's tolerance set so that `rate.limit` requests pass at once like the others.
    func strategy(for rate: Rate) -> Strategy {
        switch self {
        case .fixedWindow: .fixedWindow
        case .slidingWindowCounter: .slidingWindowCounter
        case .slidingWindowLog: .slidingWindowLog
        case .tokenBucket: .tokenBucket()
        case .tokenBucketWithDebt: .tokenBucketWithDebt()
        case .leakyBucket: .leakyBucket
        case .leakyBucketWithQueue: .leakyBucketWithQueue
        case .gcra:
            .gcra(burstTolerance: .microseconds(rate.periodMicroseconds / Int64(rate.limit) * Int64(rate.limit - 1)))
        }
    }
}
