import NIOCore

/// One write to a connection: the encoded bytes of one or more commands, and one promise per reply they produce.
///
/// The commands of one request reach the server back to back, and their promises queue up together, so a
/// pipeline is never interleaved with commands from other tasks.
struct RedisRequest: Sendable {
    /// The encoded commands.
    var bytes: ByteBuffer
    /// One promise per command, in order.
    var replies: [EventLoopPromise<RESPValue>]
}

/// Asks a ``RedisCommandHandler`` to refuse new commands and close once every waiting reply has arrived.
struct RedisCloseWhenIdle: Sendable {}
