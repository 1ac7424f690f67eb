// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import TestServerSupport
import TraffikRedis

/// A client whose connections run on ``DedicatedThreads/eventLoops``.
public func makeClient(_ configuration: RedisConfiguration) -> RedisClient {
    RedisClient(configuration: configuration, eventLoopGroup: DedicatedThreads.eventLoops)
}
