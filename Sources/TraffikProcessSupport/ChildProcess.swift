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

/// A process a test or the load harness started, and must stop: standard input on `/dev/null`, the default
/// signal handling (whatever the parent blocks), and a stop that polls with a deadline instead of blocking.
///
/// ```swift
/// let process = try ChildProcess.spawn("/usr/bin/memcached", arguments: ["-p", "21000"])
/// defer { Task { await process.stop() } }
/// ```
package struct ChildProcess: Sendable {
    /// The process id.
    package let pid: pid_t

    /// Starts `path` with `arguments`, its standard streams on `/dev/null` (standard output and error on the given
    /// descriptors instead, when given, or standard error into the file `errorLog`).
    package static func spawn(
        _ path: String,
        arguments: [String],
        standardOutput: Int32? = nil,
        standardError: Int32? = nil,
        errorLog: String? = nil
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
        } else if let errorLog {
            posix_spawn_file_actions_addopen(&actions, 2, errorLog, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid = pid_t()
        let result = posix_spawn(&pid, path, &actions, &attributes, argv, environment)
        guard result == 0 else {
            throw ProcessError("cannot start \(path): \(String(cString: strerror(result)))")
        }
        return ChildProcess(pid: pid)
    }

    /// Whether the process has exited (reaping it if so).
    package var hasExited: Bool {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        return result == pid || (result == -1 && errno == ECHILD)
    }

    /// Sends `signal` (`SIGSTOP` to freeze the process, `SIGCONT` to thaw it).
    package func send(_ signal: Int32) {
        kill(pid, signal)
    }

    /// Sends `signal` and waits for the process to exit; after `grace`, kills it with SIGKILL.
    package func stop(_ signal: Int32 = SIGTERM, grace: Duration = .seconds(5)) async {
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
