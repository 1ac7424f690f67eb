// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Benchmark
import Traffik

/// A whole `Throttle<String>.hit(_:)` on an in-memory backend: the backend decision plus what the throttle adds
/// (the configuration snapshot, the identity, the key string, the backend resolution and the async calls).
func registerThrottleBenchmarks(keys: KeySet) {
    for strategy in [Strategy.fixedWindow, .gcra(), tolerantGCRA] {
        let name = "Throttle.hit \(label(strategy))"
        registerHit("\(name), hot key (\(hotRate))", [keys.hotClient], keys, strategy, hotRate)
        registerHit("\(name), 100k keys (\(manyRate))", keys.clients, keys, strategy, manyRate)
    }
    registerHit(
        "Throttle.hit fixed-window, hot key, task-local backend (\(hotRate))",
        [keys.hotClient],
        keys,
        .fixedWindow,
        hotRate,
        taskLocal: true
    )
}

/// A benchmark of `hit` cycling through `clients`, whose keys hold state before measuring.
private func registerHit(
    _ name: String,
    _ clients: [String],
    _ keys: KeySet,
    _ strategy: Strategy,
    _ rate: Rate,
    taskLocal: Bool = false
) {
    let fixture = Fixture<(Throttle<String>, InMemoryBackend)>()
    let cursor = Cursor(clients)
    Benchmark(name) { benchmark in
        let (throttle, backend) = fixture.current
        if taskLocal {
            try await withThrottleBackend(backend) {
                benchmark.startMeasurement()
                try await benchmark.measureDecisions { try await throttle.hit(cursor.next()) }
                benchmark.stopMeasurement()
            }
        } else {
            try await benchmark.measureDecisions { try await throttle.hit(cursor.next()) }
        }
    } setup: {
        let backend = InMemoryBackend(persistent: true)
        let throttle = try Throttle<String>(
            uid: "api",
            rate: .fixed(rate),
            strategy: strategy,
            backend: taskLocal ? .taskLocal : .fixed(backend),
            registry: ThrottleRegistry()
        )
        let populated = clients.count == 1 ? [keys.hotKey] : keys.keys
        try populate(backend, keys: populated, strategy: strategy, rate: rate)
        fixture.value = (throttle, backend)
    } teardown: {
        fixture.value = nil
    }
}
