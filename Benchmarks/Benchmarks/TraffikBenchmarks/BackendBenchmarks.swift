// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Benchmark
import Traffik

/// `InMemoryBackend` decisions: every built-in strategy on one hot key and over 100,000 keys, the refusal path,
/// state that has expired before each hit, checks that commit nothing, and the async entry point.
func registerBackendBenchmarks(keys: KeySet) {
    for strategy in Strategy.builtIns + [tolerantGCRA] {
        let hot = rate(for: strategy, hot: true)
        let many = rate(for: strategy, hot: false)
        registerDecideNow("decideNow \(label(strategy)), hot key (\(hot))", [keys.hotKey], strategy, hot)
        registerDecideNow("decideNow \(label(strategy)), 100k keys (\(many))", keys.keys, strategy, many)
    }

    registerDecideNow(
        "decideNow fixed-window, hot key, throttled (\(exhaustedRate))",
        [keys.hotKey],
        .fixedWindow,
        exhaustedRate
    )
    registerDecideNow("decideNow gcra, hot key, throttled (\(exhaustedRate))", [keys.hotKey], .gcra(), exhaustedRate)
    // A client well under its rate: its GCRA state has expired by its next hit, so every decision drops the old
    // entry and inserts a new one.
    registerDecideNow("decideNow gcra, 100k keys, state expired at each hit (\(hotRate))", keys.keys, .gcra(), hotRate)
    registerDecideNow(
        "decideNow fixed-window, hot key, ManualClock (\(hotRate))",
        [keys.hotKey],
        .fixedWindow,
        hotRate,
        clock: ManualClock()
    )

    for strategy in [Strategy.fixedWindow, .gcra()] {
        let name = "check \(strategy.name)"
        registerDecideNow("\(name), hot key (\(hotRate))", [keys.hotKey], strategy, hotRate, commit: false)
        registerDecideNow("\(name), 100k keys (\(manyRate))", keys.keys, strategy, manyRate, commit: false)
    }

    registerAsyncDecide("decide async fixed-window, hot key (\(hotRate))", [keys.hotKey], hotRate)
    registerAsyncDecide("decide async fixed-window, 100k keys (\(manyRate))", keys.keys, manyRate)
}

/// A benchmark of the synchronous `decideNow` cycling through `keys`, each of which holds state before measuring.
private func registerDecideNow(
    _ name: String,
    _ keys: [String],
    _ strategy: Strategy,
    _ rate: Rate,
    commit: Bool = true,
    clock: any ThrottleClock = SystemClock()
) {
    let backend = Fixture<InMemoryBackend>()
    let cursor = Cursor(keys)
    Benchmark(name) { benchmark in
        let backend = backend.current
        try benchmark.measureDecisions {
            try backend.decideNow(key: cursor.next(), strategy: strategy, rate: rate, cost: 1, commit: commit)
        }
    } setup: {
        backend.value = InMemoryBackend(clock: clock)
        try populate(backend.current, keys: keys, strategy: strategy, rate: rate)
    } teardown: {
        backend.value = nil
    }
}

/// A benchmark of the async `decide` (the protocol requirement a throttle calls) with fixed windows.
private func registerAsyncDecide(_ name: String, _ keys: [String], _ rate: Rate) {
    let backend = Fixture<any ThrottleBackend>()
    let cursor = Cursor(keys)
    Benchmark(name) { benchmark in
        let backend = backend.current
        try await benchmark.measureDecisions {
            try await backend.decide(key: cursor.next(), strategy: .fixedWindow, rate: rate, cost: 1, commit: true)
        }
    } setup: {
        let memory = InMemoryBackend()
        try populate(memory, keys: keys, strategy: .fixedWindow, rate: rate)
        backend.value = memory
    } teardown: {
        backend.value = nil
    }
}
