import TestServerSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension RedisServerProcess {
    /// Freezes the server (SIGSTOP), found by the process id it reports in `INFO`: it keeps its connections and port
    /// but answers nothing, as a hung host would. ``stop()`` thaws it before stopping it.
    ///
    /// - Returns: The process id, for ``thaw(pid:)``.
    @discardableResult
    func freeze(password: String? = nil) async throws -> pid_t {
        let pid = try await processID(password: password)
        kill(pid, SIGSTOP)
        return pid
    }

    /// Thaws a server frozen by ``freeze(password:)`` (SIGCONT).
    func thaw(pid: pid_t) {
        kill(pid, SIGCONT)
    }

    /// The server's process id, as its `INFO` reports it.
    func processID(password: String? = nil) async throws -> pid_t {
        var request = ""
        if let password { request += "*2\r\n$4\r\nAUTH\r\n$\(password.utf8.count)\r\n\(password)\r\n" }
        request += "*2\r\n$4\r\nINFO\r\n$6\r\nserver\r\n"
        let answer = await LoopbackPort.exchange(port: port, request: Array(request.utf8)) {
            numberField("process_id:", in: $0)
        }
        guard let answer else { throw TestServerError("the server on port \(port) did not report its process id") }
        return pid_t(answer)
    }
}
