// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import NIOPosix
import TestServerSupport

/// Threads for the Redis Cluster tests, apart from ``DedicatedThreads``: those tests run thousands of commands at
/// once, which would hold up the tests that measure how quickly a single client fails or recovers.
public enum ClusterThreads {
    /// The task executor the cluster tests run on.
    public static let executor = DedicatedTaskExecutor(threads: 2)
    /// The event loops the cluster tests' clients connect on.
    public static let eventLoops = MultiThreadedEventLoopGroup(numberOfThreads: 2)
}
