// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// What every Redis client does around a pipeline, whoever it goes to (one server, the primaries of a cluster, the
/// primary Sentinel names): it checks the commands before sending, and throws the first error reply.
enum RedisPipeline {
    /// The replies to `commands` that `replies` gathers (error replies as values); no commands, no round trip.
    ///
    /// - Throws: ``RedisClientError/Kind/invalidCommand`` for a command without a name, with nothing sent; the first
    ///   ``RedisServerError`` among the replies, after all of them have arrived; whatever `replies` throws.
    static func run(
        _ commands: [[RESPArgument]],
        replies: ([[RESPArgument]]) async throws -> [RESPValue]
    ) async throws -> [RESPValue] {
        guard !commands.isEmpty else { return [] }
        guard commands.allSatisfy({ !$0.isEmpty }) else {
            throw RedisClientError(.invalidCommand, "a command needs at least its name")
        }
        let replies = try await replies(commands)
        for case .error(let message) in replies { throw RedisServerError(message: message) }
        return replies
    }
}
