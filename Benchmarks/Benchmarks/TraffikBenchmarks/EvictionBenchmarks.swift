// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Benchmark
import Traffik

/// New keys into an `InMemoryBackend` whose every shard is full of live keys: the path a flood of new identities
/// takes. Refused under the default policy (one look at each shard's expiry heap), or admitted by evicting the key
/// that becomes fresh soonest; and the same with one-kilobyte keys against a full byte budget.
func registerEvictionBenchmarks(keys: KeySet) {
    // Half as many slots as keys held: every shard is full after populating it.
    let capacity = keys.keys.count / 2
    let flood = (0..<keys.keys.count).map { "flood:default:\($0)" }
    // 20,000 keys of a kilobyte: more than a 16 MiB budget holds.
    let longKeys = (0..<20_000).map { String(repeating: "k", count: 1_000) + "\($0)" }

    registerFullTable(
        "decideNow fixed-window, new key into a full table of live keys, refused (\(manyRate))",
        keys: keys.keys,
        flood: flood,
        policy: .default,
        maxKeys: capacity
    )
    registerFullTable(
        "decideNow fixed-window, new key into a full table of live keys, evictSoonestFresh (\(manyRate))",
        keys: keys.keys,
        flood: flood,
        policy: .evictSoonestFresh,
        maxKeys: capacity
    )
    registerFullTable(
        "decideNow fixed-window, new 1 KB key into a full byte budget, refused (\(manyRate))",
        keys: longKeys,
        flood: longKeys.map { "x" + $0 },
        policy: .default,
        maxBytes: 16 << 20
    )
}

/// A benchmark of `decideNow` on keys the table has never held, after filling it with `keys`.
private func registerFullTable(
    _ name: String,
    keys: [String],
    flood: [String],
    policy: KeyCapacityPolicy,
    maxKeys: Int = 1_000_000,
    maxBytes: Int = InMemoryBackend.defaultMaxBytes
) {
    let backend = Fixture<InMemoryBackend>()
    let cursor = Cursor(flood)
    Benchmark(name) { benchmark in
        let backend = backend.current
        try benchmark.measureDecisions {
            try backend.decideNow(key: cursor.next(), strategy: .fixedWindow, rate: manyRate, cost: 1, commit: true)
        }
    } setup: {
        backend.value = InMemoryBackend(maxKeys: maxKeys, maxBytes: maxBytes, keyCapacityPolicy: policy)
        try populate(backend.current, keys: keys, strategy: .fixedWindow, rate: manyRate)
    } teardown: {
        backend.value = nil
    }
}
