// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Traffik
import TraffikRedis

/// `traffik-bench redis-hits`: sends concurrent hits on one key through a Redis backend and prints how many were
/// admitted, so that several processes can be checked together against one limit.
struct RedisHitsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redis-hits",
        abstract: "Concurrent hits on one key through a Redis backend; prints the number admitted."
    )

    @Option(help: "The Redis URL.") var url: String
    @OptionGroup var hits: HitsOptions

    func run() async throws {
        let client = RedisClient(configuration: try RedisConfiguration(url: url))
        let admitted = try await hits.run.admitted(on: RedisBackend(client: client, namespace: hits.namespace))
        await client.close()
        print(admitted)
    }
}
