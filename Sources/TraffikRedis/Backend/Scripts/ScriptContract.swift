// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

@_spi(Backend) import Traffik

/// What ``RedisBackend`` and its strategy scripts agree on, written once: the arguments and their positions, the
/// reply's fields, the outcome codes, each state's format tag and shortest encoding, and how long a state is kept
/// on a caller's clock. The Swift side builds and reads with these; the Lua side is generated from them
/// (``luaDeclarations``), so neither can drift from the other.
enum ScriptContract {
    /// The arguments of a strategy script, by their `ARGV` position.
    enum Argument: Int, CaseIterable {
        /// The rate's limit (for the buckets: the drain per microsecond).
        case limit = 1
        /// The period in microseconds (for the buckets: microseconds per unit).
        case period
        /// The request's cost.
        case cost
        /// `1` to commit the decision, `0` for a check.
        case commit
        /// Now in microseconds on the caller's clock, or empty for the server's `TIME`.
        case now
        /// The buckets' capacity in ticks.
        case capacity
        /// The limit the buckets report.
        case reportedLimit
        /// `1` when the bucket reports a delay (the leaky bucket with a queue).
        case reportsDelay

        /// The Lua name of the argument's position, such as `ARG_LIMIT`.
        var luaName: String {
            let name = String(describing: self)
            return "ARG_"
                + name.reduce(into: "") { result, character in
                    if character.isUppercase { result += "_" }
                    result += character.uppercased()
                }
        }
    }

    /// The fields of a strategy script's reply, by their position in the reply (0-based, as Swift reads it).
    enum ReplyField: Int, CaseIterable {
        case outcome, limit, remaining, retryAfter, resetAfter, delay
    }

    /// The outcome codes of a reply.
    static func code(of outcome: Decision.Outcome) -> Int64 {
        switch outcome {
        case .allowed: 0
        case .throttled: 1
        case .exceedsCapacity: 2
        }
    }

    /// The outcome a code stands for; any unknown code is a refusal for good, never an admission.
    static func outcome(code value: Int64) -> Decision.Outcome {
        switch value {
        case code(of: .allowed): .allowed
        case code(of: .throttled): .throttled
        default: .exceedsCapacity
        }
    }

    /// The arguments of one decision, in `ARGV` order: the first five for every script, all of them for the
    /// buckets. Built on every decision, so straight into an array, each position from its case.
    static func arguments(
        rate: Rate,
        cost: Int,
        commit: Bool,
        now: Int64?,
        bucket: (capacity: Int64, limit: Int64, reportsDelay: Bool)? = nil
    ) -> [RESPArgument] {
        let count = bucket == nil ? Argument.now.rawValue : Argument.allCases.count
        return Argument.allCases.prefix(count).map { argument in
            switch argument {
            case .limit: RESPArgument(rate.limit)
            case .period: RESPArgument(rate.periodMicroseconds)
            case .cost: RESPArgument(cost)
            case .commit: commit ? "1" : "0"
            case .now: now.map { RESPArgument($0) } ?? ""
            case .capacity: RESPArgument(bucket?.capacity ?? 0)
            case .reportedLimit: RESPArgument(bucket?.limit ?? 0)
            case .reportsDelay: bucket?.reportsDelay == true ? "1" : "0"
            }
        }
    }

    /// The shortest encoding of a state of type `State`: its tag and its fixed fields.
    static func minimumLength<State: StrategyState>(of state: State) -> Int { state.encoded().count }

    /// How long a state written on a caller's clock is kept, in milliseconds (``Traffik/StateBounds/virtualClockRetention``).
    static let virtualClockRetentionMilliseconds = StateBounds.virtualClockRetention / 1_000

    /// The Lua constants of the contract, for the scripts' prelude.
    static var luaDeclarations: String {
        var lines = Argument.allCases.map { "local \($0.luaName) = \($0.rawValue)" }
        lines += [
            "local OUTCOME_ALLOWED = \(code(of: .allowed))",
            "local OUTCOME_THROTTLED = \(code(of: .throttled))",
            "local OUTCOME_EXCEEDS_CAPACITY = \(code(of: .exceedsCapacity))",
            "local VIRTUAL_CLOCK_RETENTION_MS = \(virtualClockRetentionMilliseconds)",
            "local FIXED_WINDOW_TAG = \(FixedWindow.State.formatTag)",
            "local FIXED_WINDOW_LENGTH = \(minimumLength(of: FixedWindow.State(windowStart: 0, count: 0)))",
            "local SLIDING_WINDOW_COUNTER_TAG = \(SlidingWindowCounter.State.formatTag)",
            "local SLIDING_WINDOW_COUNTER_LENGTH = "
                + "\(minimumLength(of: SlidingWindowCounter.State(windowStart: 0, previous: 0, current: 0)))",
            "local SLIDING_WINDOW_LOG_TAG = \(SlidingWindowLog.State.formatTag)",
            "local SLIDING_WINDOW_LOG_LENGTH = \(minimumLength(of: SlidingWindowLog.State(entries: [], updatedAt: 0)))",
            "local SLIDING_WINDOW_LOG_ENTRY_LENGTH = \(logEntryLength)",
            "local BUCKET_TAG = \(BucketState.formatTag)",
            "local BUCKET_LENGTH = \(minimumLength(of: BucketState(level: 0, updatedAt: 0)))",
        ]
        return lines.joined(separator: "\n")
    }

    /// The bytes one entry adds to a sliding-window log's encoding.
    static var logEntryLength: Int {
        let one = SlidingWindowLog.State(entries: [.init(time: 0, cost: 1)], updatedAt: 0)
        return minimumLength(of: one) - minimumLength(of: SlidingWindowLog.State(entries: [], updatedAt: 0))
    }
}
