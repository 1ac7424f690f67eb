import TestServerSupport
import TraffikRedis

/// A client whose connections run on ``DedicatedThreads/eventLoops``.
func makeClient(_ configuration: RedisConfiguration) -> RedisClient {
    RedisClient(configuration: configuration, eventLoopGroup: DedicatedThreads.eventLoops)
}
