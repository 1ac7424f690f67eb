import Testing
import Traffik
import TraffikRedis

/// The same randomised decision traces on the in-memory backend and on Redis, on one manual clock: every decision
/// must be identical, field for field.
@Suite struct RedisBackendConformanceTests {
    /// The built-in strategies with a spread of parameters, and a strategy of the test's own (compare-and-swap).
    static let strategies: [Strategy] = [
        .fixedWindow, .slidingWindowCounter, .slidingWindowLog, .tokenBucket(), .tokenBucket(burst: 7),
        .tokenBucketWithDebt(maxDebt: 3), .leakyBucket, .leakyBucketWithQueue, .gcra(),
        .gcra(burstTolerance: .milliseconds(1_500)), .custom(EveryOther()),
    ]

    @Test(arguments: strategies)
    func decisionsMatchTheInMemoryBackend(strategy: Strategy) async throws {
        try await withRedis { _, client in
            let clock = ManualClock()
            let memory = InMemoryBackend(clock: clock)
            let redis = RedisBackend(client: client, namespace: "conformance", clock: clock)
            var random = SplitMix64(seed: strategy.description.utf8.reduce(17) { $0 &* 31 &+ UInt64($1) })
            for trace in 0..<30 {
                let rate = Self.rate(trace, using: &random)
                let key = "trace-\(trace)"
                for step in 0..<60 {
                    clock.advance(by: .microseconds(Self.step(rate, using: &random)))
                    let cost = Self.cost(rate, using: &random)
                    let commit = Int.random(in: 0..<8, using: &random) != 0
                    let expected = try await memory.decide(
                        key: key,
                        strategy: strategy,
                        rate: rate,
                        cost: cost,
                        commit: commit
                    )
                    let actual = try await redis.decide(
                        key: key,
                        strategy: strategy,
                        rate: rate,
                        cost: cost,
                        commit: commit
                    )
                    #expect(actual == expected, "\(strategy) at \(rate), trace \(trace) step \(step), cost \(cost)")
                    if actual != expected { return }
                }
            }
        }
    }

    static func rate(_ trace: Int, using random: inout SplitMix64) -> Rate {
        let periods: [Int64] = [250, 1_000, 500_000, 1_000_000, 60_000_000, 3_600_000_000, 86_400_000_000]
        let period = periods[trace % periods.count]
        let limit = Int.random(in: 1...Int(min(1_000, period, Rate.maximumWork / period)), using: &random)
        return try! Rate(limit: limit, period: .microseconds(period))
    }

    /// Mostly small steps around the emission interval, sometimes none, sometimes whole periods, rarely back.
    static func step(_ rate: Rate, using random: inout SplitMix64) -> Int64 {
        let interval = max(rate.periodMicroseconds / Int64(rate.limit), 1)
        switch Int.random(in: 0..<10, using: &random) {
        case 0, 1: return 0
        case 2...6: return Int64.random(in: 0...(2 * interval), using: &random)
        case 7, 8: return Int64.random(in: 0...(2 * rate.periodMicroseconds), using: &random)
        default: return -Int64.random(in: 0...interval, using: &random)
        }
    }

    static func cost(_ rate: Rate, using random: inout SplitMix64) -> Int {
        switch Int.random(in: 0..<20, using: &random) {
        case 0: 0
        case 1: rate.limit + Int.random(in: 1...3, using: &random)
        case 2...4: Int.random(in: 1...rate.limit, using: &random)
        default: 1
        }
    }
}

/// A strategy of the test's own: admits every other request, counting in a state of one integer.
struct EveryOther: RateLimitAlgorithm {
    struct State: StrategyState {
        static var formatTag: UInt8 { 0x7F }
        var seen: Int64
        init(seen: Int64) { self.seen = seen }
        init?(from reader: inout StateReader) {
            guard let seen = reader.readInt64() else { return nil }
            self.seen = seen
        }
        func encode(to writer: inout StateWriter) { writer.write(seen) }
    }

    var name: String { "every-other" }

    func decide(_ state: State?, now: Int64, rate: Rate, cost: Int) -> Transition<State> {
        let seen = (state?.seen ?? 0) + (cost > 0 ? 1 : 0)
        let allowed = seen % 2 == 1 || cost == 0
        return Transition(
            decision: Decision(
                outcome: allowed ? .allowed : .throttled,
                limit: 1,
                remaining: allowed ? 0 : 1,
                retryAfterMicroseconds: allowed ? 0 : 1,
                resetAfterMicroseconds: 0,
                periodMicroseconds: rate.periodMicroseconds
            ),
            state: State(seen: seen),
            // The count matters for ever; ten days outlasts any trace.
            ttlMicroseconds: 864_000_000_000
        )
    }
}
