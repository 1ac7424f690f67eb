// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import NIOPosix

/// Threads of the store tests' own, for tests that measure how quickly a client fails or recovers.
///
/// Tests of other targets run in the same process. Some keep every thread of the concurrency runtime busy for
/// seconds (CPU-bound loops that never suspend), and servers under test may load the shared event loops. Tests that
/// run their tasks on ``executor`` and their connections on ``eventLoops`` still get to run, so their time bounds
/// measure the client rather than the neighbours.
public enum DedicatedThreads {
    /// The task executor the live tests run on.
    public static let executor = DedicatedTaskExecutor(threads: 4)
    /// The event loops the tests' clients connect on.
    public static let eventLoops = MultiThreadedEventLoopGroup(numberOfThreads: 2)
}

/// A task executor with threads that take jobs from one shared queue, so that a long job never holds up the others.
public final class DedicatedTaskExecutor: TaskExecutor {
    private let pool: NIOThreadPool

    public init(threads: Int) {
        pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        pool.submit { _ in job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

/// Waits for `duration` on ``DedicatedThreads/eventLoops``.
///
/// `Task.sleep` wakes its task through the concurrency runtime's global executor, even under a task executor
/// preference, so a busy runtime can stretch a 10 ms sleep to seconds; an event loop's timer is not held up.
public func pause(for duration: Duration) async throws {
    try await DedicatedThreads.eventLoops.next().scheduleTask(in: TimeAmount(duration)) {}.futureResult.get()
}

/// Runs `body`, and the child tasks it starts, on ``DedicatedThreads/executor``.
public func onDedicatedThreads<T: Sendable>(_ body: () async throws -> T) async throws -> T {
    try await withTaskExecutorPreference(DedicatedThreads.executor, operation: body)
}
