import NIOCore

/// One place in the pool: empty, connecting, or holding a live connection.
enum RedisPoolSlot: Sendable {
    /// No connection.
    case idle
    /// A connection attempt is running.
    case connecting(EventLoopFuture<RedisConnection>)
    /// A live connection.
    case ready(RedisConnection)
}
