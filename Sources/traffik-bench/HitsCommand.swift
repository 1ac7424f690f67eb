// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Traffik

/// `traffik-bench hits`: sends concurrent hits on one key through a backend and prints how many were admitted, so
/// that several processes on one shared store can be checked together against one limit.
struct HitsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hits",
        abstract: "Concurrent hits on one key through a backend; prints the number admitted."
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var hits: HitsOptions

    func run() async throws {
        let run = try hits.run
        let admitted = try await store.withBackend(namespace: hits.namespace) { try await run.admitted(on: $0) }
        print(admitted)
    }
}
