// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import TraffikConnectionPool

/// The pipelining pieces of the shared connection layer, as Redis uses them: RESP replies and Redis's errors.
typealias RedisCommandHandler = PipelineHandler<RESPValue, RedisClientError>
typealias RedisRequest = PipelineRequest<RESPValue>
typealias RedisConnectionFlag = ConnectionFlag<RedisClientError>
typealias RedisCloseWhenIdle = CloseWhenIdle

extension PipelineHandler where Reply == RESPValue, Failure == RedisClientError {
    /// A handler for a Redis connection whose commands time out after `commandTimeout`.
    convenience init(commandTimeout: Duration, peer: String, flag: RedisConnectionFlag) {
        self.init(commandTimeout: commandTimeout, peer: peer, service: "Redis", flag: flag)
    }
}
