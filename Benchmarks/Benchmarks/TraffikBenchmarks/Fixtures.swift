// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Benchmark
import Traffik

/// The share of decisions in a sample that were allowed, in percent: shows which path a benchmark measured.
let allowedPercent = BenchmarkMetric.custom("allowed %", polarity: .prefersLarger, useScalingFactor: false)

/// The rates below are constants known to be valid, so their factories cannot throw (`try!`).
///
/// The rate of hot-key benchmarks: 50 million a minute. One key decided a few million times a second neither
/// exhausts it during a run (so windows and buckets stay on the allowed path) nor drains below it (so bucket state
/// stays live and each decision updates it rather than recreating an expired key).
let hotRate = try! Rate.perMinute(50_000_000)

/// The rate of benchmarks over 100,000 keys: 3,600 an hour. Each key comes round every few tens of milliseconds,
/// far faster than one a second, so its state stays live, and a run never spends its 3,600.
let manyRate = try! Rate.perHour(3_600)

/// The sliding window log keeps one entry per distinct admission time, so a hot key under a huge limit would grow
/// its state without bound; it runs at a realistic 100 a second, where its state never holds more than 100 entries
/// (on the hot key that means most decisions are refusals).
let logRate = try! Rate.perSecond(100)

/// One unit an hour: after the first hit, every decision on a hot key is a refusal.
let exhaustedRate = try! Rate.perHour(1)

/// GCRA with a burst tolerance of an hour: unlike the built-in `gcra()` (no tolerance, so requests closer than the
/// emission interval are refused), it stays on the allowed path in these benchmarks.
let tolerantGCRA = Strategy.gcra(burstTolerance: .seconds(3_600))

/// The rate each strategy is measured at, on one hot key or over many keys.
func rate(for strategy: Strategy, hot: Bool) -> Rate {
    if strategy == .slidingWindowLog { return logRate }
    return hot ? hotRate : manyRate
}

/// A strategy's name, telling the tolerant GCRA apart from the built-in one.
func label(_ strategy: Strategy) -> String {
    strategy == tolerantGCRA ? "gcra(burstTolerance: 1h)" : strategy.name
}

/// Client identities and the backend keys a throttle with uid `api` builds from them, made once before any
/// measurement.
struct KeySet: Sendable {
    /// Client identities, IPv4 addresses such as `10.1.134.159`.
    let clients: [String]
    /// Backend keys, such as `api:default:10.1.134.159` (24 bytes or so: heap-allocated strings).
    let keys: [String]

    init(count: Int) {
        clients = (0..<count).map { index in "10.\((index >> 16) & 255).\((index >> 8) & 255).\(index & 255)" }
        keys = clients.map { "api:default:\($0)" }
    }

    /// The key of the single client that a hot-key benchmark hits.
    var hotKey: String { keys[0] }
    /// The identity of that client.
    var hotClient: String { clients[0] }
}

/// Cycles through a list of strings, one per operation, keeping its place between samples.
final class Cursor {
    private let items: [String]
    private var index = 0

    init(_ items: [String]) {
        self.items = items
    }

    @inline(__always)
    func next() -> String {
        let item = items[index]
        index += 1
        if index == items.count { index = 0 }
        return item
    }
}

/// State a benchmark builds in its setup hook, outside the measurement, and drops in its teardown.
final class Fixture<Value> {
    var value: Value?

    /// The value; fails loudly if setup did not run.
    var current: Value {
        guard let value else { fatalError("benchmark fixture used before setup") }
        return value
    }
}

extension Benchmark {
    /// Runs `decide` once per scaled iteration and records the share of allowed decisions.
    @inline(__always)
    func measureDecisions(_ decide: () throws -> Decision) rethrows {
        var allowed = 0
        for _ in scaledIterations {
            let decision = try decide()
            if decision.isAllowed { allowed += 1 }
        }
        measurement(allowedPercent, allowed * 100 / scaledIterations.count)
    }

    /// The async form of ``measureDecisions(_:)``.
    @inline(__always)
    func measureDecisions(_ decide: () async throws -> Decision) async rethrows {
        var allowed = 0
        for _ in scaledIterations {
            let decision = try await decide()
            if decision.isAllowed { allowed += 1 }
        }
        measurement(allowedPercent, allowed * 100 / scaledIterations.count)
    }
}

/// Decides once on every key, so that benchmarks over many keys measure updates of existing state, not inserts.
func populate(_ backend: InMemoryBackend, keys: [String], strategy: Strategy, rate: Rate) throws {
    for key in keys {
        _ = try backend.decideNow(key: key, strategy: strategy, rate: rate, cost: 1, commit: true)
    }
}

/// Metrics for benchmarks that make no decision.
let plainMetrics: [BenchmarkMetric] = [.wallClock, .mallocCountTotal]
