// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser

/// `traffik-bench deny-cache`: the Redis round trips a deny cache saves while one client hammers past its limit.
struct DenyCacheCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deny-cache",
        abstract: "One client far past its limit, without and with a deny cache: Redis round trips saved."
    )

    @OptionGroup var options: DenyCacheOptions

    func run() async throws {
        let report = try await DenyCacheRunner(options: options).run()
        switch options.output {
        case .table: print(DenyCacheTable.render(report))
        case .json: print(try report.json())
        }
    }
}
