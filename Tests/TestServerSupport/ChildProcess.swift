// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

// A child process for tests: started with its standard streams on /dev/null and default signal handling, and
// stopped with SIGTERM, then SIGKILL, without ever blocking a thread of the concurrency runtime.

import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A process a test started.
///
/// ```swift
/// let process = try ChildProcess.spawn("/usr/bin/memcached", arguments: ["-p", "21000"])
/// defer { Task { await process.stop() } }
/// ```
public struct ChildProcess: Sendable {
    /// The process id.
    public let pid: pid_t

    /// Starts `path` with `arguments`, its standard streams on `/dev/null` (standard output and error on the given
    /// descriptors instead, when given).
    public static func spawn(
        _ path: String,
        arguments: [String],
        standardOutput: Int32? = nil,
        standardError: Int32? = nil
    ) throws -> ChildProcess {
        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t?
        var attributes: posix_spawnattr_t?
        let environment = _NSGetEnviron().pointee
        #else
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        let environment = environ
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // The test runner's threads may block or ignore signals; the child must start with the defaults, or it
        // would never see SIGTERM.
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if let standardOutput {
            posix_spawn_file_actions_adddup2(&actions, standardOutput, 1)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        if let standardError {
            posix_spawn_file_actions_adddup2(&actions, standardError, 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid = pid_t()
        let result = posix_spawn(&pid, path, &actions, &attributes, argv, environment)
        guard result == 0 else {
            throw TestServerError("cannot start \(path): \(String(cString: strerror(result)))")
        }
        return ChildProcess(pid: pid)
    }

    /// Whether the process has exited (reaping it if so).
    public var hasExited: Bool {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        return result == pid || (result == -1 && errno == ECHILD)
    }

    /// Sends `signal` (`SIGSTOP` to freeze the process, `SIGCONT` to thaw it).
    public func send(_ signal: Int32) {
        kill(pid, signal)
    }

    /// Sends `signal` and waits for the process to exit; after `grace`, kills it with SIGKILL.
    public func stop(_ signal: Int32 = SIGTERM, grace: Duration = .seconds(5)) async {
        kill(pid, SIGCONT)  // a frozen process would never act on SIGTERM
        kill(pid, signal)
        let deadline = ContinuousClock.now + grace
        while !hasExited {
            guard ContinuousClock.now < deadline else {
                kill(pid, SIGKILL)
                while !hasExited { await pauseOnDispatch(milliseconds: 2) }
                return
            }
            await pauseOnDispatch(milliseconds: 2)
        }
    }
}

/// Why a test server could not be started or reached.
public struct TestServerError: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// Waits on a Dispatch timer: `Task.sleep` wakes through the concurrency runtime's global executor, which tests of
/// other targets may keep busy for seconds.
public func pauseOnDispatch(milliseconds: Int) async {
    await withCheckedContinuation { continuation in
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(milliseconds)) { continuation.resume() }
    }
}

extension ChildProcess {
    /// Runs `path` to completion and returns its exit status, standard output and standard error (standard input
    /// on `/dev/null`). Both outputs are read, and the exit awaited, on Dispatch threads; a process still running
    /// after `timeout` is killed.
    public static func run(
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
            guard pipe(&descriptors) == 0 else { throw TestServerError("pipe() failed") }
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
