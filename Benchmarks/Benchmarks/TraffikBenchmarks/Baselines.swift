// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Benchmark
import Traffik

/// What the harness and the building blocks of a decision cost on their own, to read the other figures against.
func registerBaselines(keys: KeySet) {
    let plain = Benchmark.Configuration(metrics: plainMetrics)

    let keyCursor = Cursor(keys.keys)
    Benchmark("baseline: next key of 100k (harness overhead)", configuration: plain) { benchmark in
        let cursor = keyCursor
        for _ in benchmark.scaledIterations {
            blackHole(cursor.next())
        }
    }

    Benchmark("baseline: SystemClock.nowMicroseconds()", configuration: plain) { benchmark in
        let clock = SystemClock()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(clock.nowMicroseconds())
        }
    }

    let hashCursor = Cursor(keys.keys)
    Benchmark("baseline: String.hashValue, 100k keys", configuration: plain) { benchmark in
        let cursor = hashCursor
        for _ in benchmark.scaledIterations {
            blackHole(cursor.next().hashValue)
        }
    }
}
