// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

extension ChildProcess {
    /// Starts a store server on `port` and returns it once `answers` says it does (within 10 s); a server that
    /// exits or stays silent is stopped and reported.
    ///
    /// - Parameters:
    ///   - executable: The server's path, such as `/usr/bin/redis-server`.
    ///   - arguments: Its command line.
    ///   - port: The port the command line names, for the message.
    ///   - answers: One probe of the server; `true` once it answers.
    package static func startServer(
        _ executable: String,
        arguments: [String],
        port: Int,
        answers: () async -> Bool
    ) async throws -> ChildProcess {
        let process = try spawn(executable, arguments: arguments)
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline, !process.hasExited {
            if await answers() { return process }
            await pauseOnDispatch(milliseconds: 50)
        }
        await process.stop()
        throw ProcessError("\(executable) on port \(port) did not answer within 10 s")
    }
}
