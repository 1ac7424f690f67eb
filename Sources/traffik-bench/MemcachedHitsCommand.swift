// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Traffik
import TraffikMemcached

/// `traffik-bench memcached-hits`: sends concurrent hits on one key through a Memcached backend and prints how many
/// were admitted, so that several processes can be checked together against one limit.
struct MemcachedHitsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memcached-hits",
        abstract: "Concurrent hits on one key through a Memcached backend; prints the number admitted."
    )

    @Option(help: "The Memcached nodes, host[:port] separated by commas.") var servers: String
    @OptionGroup var hits: HitsOptions

    func run() async throws {
        let client = MemcachedClient(configuration: try MemcachedConfiguration(servers: servers))
        let admitted = try await hits.run.admitted(on: MemcachedBackend(client: client, namespace: hits.namespace))
        await client.close()
        print(admitted)
    }
}
