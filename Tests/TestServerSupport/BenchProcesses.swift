// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import TraffikProcessSupport

/// `traffik-bench` runs in processes of their own: several operating-system processes hitting one store together.
public enum BenchProcesses {
    /// The result of the runs: each process's exit status, and the sum of the numbers they printed.
    public struct Outcome: Sendable {
        /// Each process's exit status.
        public var statuses: [Int32]
        /// What the processes wrote to standard error, for the message of a failed expectation.
        public var errors: String
        /// The sum of the numbers the processes printed; `nil` when one printed none.
        public var total: Int?
    }

    /// Runs `traffik-bench` with `arguments` in `count` processes at once, built beside the test binary by
    /// `swift build --build-tests`; each is killed if it runs longer than `timeout`.
    public static func run(
        _ arguments: [String],
        count: Int = 2,
        timeout: Duration = .seconds(60)
    ) async throws -> Outcome {
        let executable = siblingExecutable("traffik-bench")
        guard isExecutable(executable) else {
            throw ProcessError("\(executable) is missing: build with swift build --build-tests")
        }
        let results = try await withThrowingTaskGroup(of: (status: Int32, output: String, errors: String).self) {
            group in
            for _ in 0..<count {
                group.addTask { try await ChildProcess.run(executable, arguments: arguments, timeout: timeout) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        var total: Int? = 0
        for result in results {
            // The number is the last line the process printed.
            let last = result.output.split(separator: "\n").last.map { $0.filter { !$0.isWhitespace } }
            if let sum = total, let number = last.flatMap({ Int($0) }) { total = sum + number } else { total = nil }
        }
        return Outcome(statuses: results.map(\.status), errors: results.map(\.errors).joined(), total: total)
    }
}
