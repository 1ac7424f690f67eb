// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension ChildProcess {
    /// Runs `path` to completion and returns its exit status, standard output and standard error (standard input
    /// on `/dev/null`). Both outputs are read, and the exit awaited, on Dispatch threads; a process still running
    /// after `timeout` is killed.
    package static func run(
        _ path: String,
        arguments: [String],
        timeout: Duration = .seconds(60)
    ) async throws -> (status: Int32, output: String, errors: String) {
        let output = try Pipe()
        let errors = try Pipe()
        let process: ChildProcess
        do {
            process = try spawn(path, arguments: arguments, standardOutput: output.write, standardError: errors.write)
        } catch {
            for descriptor in [output.read, output.write, errors.read, errors.write] { close(descriptor) }
            throw error
        }
        close(output.write)
        close(errors.write)
        async let outputText = readToEnd(output.read)
        async let errorText = readToEnd(errors.read)
        let deadline = ContinuousClock.now + timeout
        var status: Int32 = 0
        while waitpid(process.pid, &status, WNOHANG) == 0 {
            if ContinuousClock.now > deadline { kill(process.pid, SIGKILL) }
            await pauseOnDispatch(milliseconds: 5)
        }
        let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return (exitStatus, await outputText, await errorText)
    }

    /// A pipe whose read end child processes do not inherit.
    private struct Pipe {
        var read: Int32
        var write: Int32

        init() throws {
            var descriptors: [Int32] = [0, 0]
            guard pipe(&descriptors) == 0 else { throw ProcessError("pipe() failed") }
            (read, write) = (descriptors[0], descriptors[1])
            _ = fcntl(read, F_SETFD, FD_CLOEXEC)
        }
    }

    /// Reads `descriptor` to its end on a Dispatch thread, then closes it.
    private static func readToEnd(_ descriptor: Int32) async -> String {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var bytes: [UInt8] = []
                var chunk = [UInt8](repeating: 0, count: 4096)
                while true {
                    let count = read(descriptor, &chunk, chunk.count)
                    guard count > 0 else { break }
                    bytes += chunk[..<count]
                }
                close(descriptor)
                continuation.resume(returning: String(decoding: bytes, as: UTF8.self))
            }
        }
    }
}
