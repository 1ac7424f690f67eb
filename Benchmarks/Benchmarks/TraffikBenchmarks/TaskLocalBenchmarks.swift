// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Benchmark
import Traffik

/// Resolving the task's active backend, as a throttle built with `backend: .taskLocal` does on every hit, and
/// entering an activation, as a multi-tenant middleware does once per request.
func registerTaskLocalBenchmarks() {
    let plain = Benchmark.Configuration(metrics: plainMetrics)
    let backend = InMemoryBackend(persistent: true)

    // The names predate `ActiveBackend` (it was `ThrottleBackends`); they stay, so that saved baselines compare.
    Benchmark("ThrottleBackends.current, inside withThrottleBackend", configuration: plain) { benchmark in
        try await withThrottleBackend(backend) {
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(ActiveBackend.current)
            }
            benchmark.stopMeasurement()
        }
    }

    Benchmark("ThrottleBackends.current, three activations deep", configuration: plain) { benchmark in
        let outer = InMemoryBackend(persistent: true)
        let middle = InMemoryBackend(persistent: true)
        try await withThrottleBackend(outer) {
            try await withThrottleBackend(middle) {
                try await withThrottleBackend(backend) {
                    benchmark.startMeasurement()
                    for _ in benchmark.scaledIterations {
                        blackHole(ActiveBackend.current)
                    }
                    benchmark.stopMeasurement()
                }
            }
        }
    }

    Benchmark("ThrottleBackends.current, no activation", configuration: plain) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(ActiveBackend.current)
        }
    }

    // What `BackendSource.taskLocal.resolve()` does when no backend is active: the task-local read, then the
    // application default behind its lock.
    Benchmark("ThrottleBackends.current ?? defaultBackend, no activation", configuration: plain) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(ActiveBackend.current ?? ActiveBackend.default)
        }
    } setup: {
        ActiveBackend.default = backend
    } teardown: {
        ActiveBackend.default = nil
    }

    Benchmark("withThrottleBackend enter and exit, persistent", configuration: plain) { benchmark in
        for _ in benchmark.scaledIterations {
            try await withThrottleBackend(backend, persistent: true) {
                blackHole(ActiveBackend.current)
            }
        }
    }

    let wiped = InMemoryBackend()
    Benchmark("withThrottleBackend enter and exit, not persistent (resets)", configuration: plain) { benchmark in
        for _ in benchmark.scaledIterations {
            try await withThrottleBackend(wiped) {
                blackHole(ActiveBackend.current)
            }
        }
    }
}
