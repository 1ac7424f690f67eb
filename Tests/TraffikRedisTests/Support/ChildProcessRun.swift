#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a helper program failed: it did not start, exited with a failure, or ran past its deadline and was killed.
struct ChildProcessError: Error, CustomStringConvertible {
    var description: String
}

/// Runs `path` with `arguments` (standard streams on `/dev/null`) and waits for it to exit successfully, polling
/// `waitpid(WNOHANG)` so that no thread blocks; a program still running after `timeout` is killed.
func runToCompletion(_ path: String, _ arguments: [String], timeout: Duration) async throws {
    let pid = try RedisServerProcess.spawn(path, arguments: arguments)
    let deadline = ContinuousClock.now + timeout
    var status: Int32 = 0
    while waitpid(pid, &status, WNOHANG) == 0 {
        guard ContinuousClock.now < deadline else {
            kill(pid, SIGKILL)
            waitpid(pid, nil, 0)
            throw ChildProcessError(description: "\(path) \(arguments.joined(separator: " ")) ran past \(timeout)")
        }
        await RedisServerProcess.pause(milliseconds: 20)
    }
    // Exited normally (no signal in the low seven bits) with status 0.
    guard status & 0x7F == 0, (status >> 8) & 0xFF == 0 else {
        throw ChildProcessError(description: "\(path) \(arguments.joined(separator: " ")) failed (status \(status))")
    }
}
