// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import TraffikProcessSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A server process a test starts on `127.0.0.1` and stops when done: a free port, ready (by the server's own
/// answer) on return, stopped with SIGTERM and then SIGKILL.
///
/// ```swift
/// let server = try await LoopbackServer.start(executable: "/usr/bin/memcached") { port in
///     ["-p", "\(port)", "-l", "127.0.0.1"]
/// } isReady: { port, pid in await answersStats(port: port, pid: pid) }
/// defer { await server.stop() }
/// ```
public actor LoopbackServer {
    /// The loopback address the server listens on.
    public nonisolated let host = "127.0.0.1"
    /// The TCP port; it stays the same across ``restart()``.
    public nonisolated let port: Int
    private let executable: String
    private let arguments: [String]
    private let isReady: @Sendable (_ port: Int, _ pid: Int32) async -> Bool
    private var process: ChildProcess?

    private init(
        port: Int,
        executable: String,
        arguments: [String],
        isReady: @escaping @Sendable (Int, Int32) async -> Bool
    ) {
        self.port = port
        self.executable = executable
        self.arguments = arguments
        self.isReady = isReady
    }

    /// Starts `executable` on a free loopback port and returns once `isReady` says the process this call started
    /// answers on it (within five seconds).
    ///
    /// - Parameters:
    ///   - alsoFreeAt: When given, the port this far above the server's must be free too.
    ///   - arguments: The command line for a port.
    ///   - isReady: Whether the server on a port answers as the process with this id (a server another test started
    ///     on the same port must not pass for this one).
    public static func start(
        executable: String,
        alsoFreeAt offset: Int? = nil,
        arguments: (Int) -> [String],
        isReady: @escaping @Sendable (_ port: Int, _ pid: Int32) async -> Bool
    ) async throws -> LoopbackServer {
        var lastError: (any Error)?
        // A port found free can be taken by someone else before the server binds it: try a few.
        for _ in 0..<10 {
            let port = try LoopbackPort.free(alsoFreeAt: offset)
            let server = LoopbackServer(
                port: port,
                executable: executable,
                arguments: arguments(port),
                isReady: isReady
            )
            do {
                try await server.launch()
                return server
            } catch {
                lastError = error
            }
        }
        throw lastError ?? ProcessError("\(executable) did not start")
    }

    /// Stops the server with SIGTERM and waits for it to exit (SIGKILL after five seconds).
    public func stop() async {
        await process?.stop()
        process = nil
    }

    /// Kills the server with SIGKILL, as a crash would, and waits for it to exit.
    public func crash() async {
        await process?.stop(SIGKILL)
        process = nil
    }

    /// Freezes the server (SIGSTOP): it keeps its connections and port but answers nothing, as a hung host would.
    public func freeze() {
        process?.send(SIGSTOP)
    }

    /// Thaws a frozen server (SIGCONT).
    public func thaw() {
        process?.send(SIGCONT)
    }

    /// Starts the server again on the same port, with the same settings.
    public func restart() async throws {
        await stop()
        try await launch()
    }

    private func launch() async throws {
        let process = try ChildProcess.spawn(executable, arguments: arguments)
        self.process = process
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            if process.hasExited {
                self.process = nil
                throw ProcessError("\(executable) exited at start (port \(port) taken?)")
            }
            if await isReady(port, process.pid) { return }
            await pauseOnDispatch(milliseconds: 10)
        }
        await stop()
        throw ProcessError("\(executable) on port \(port) did not answer within 5 s")
    }
}
