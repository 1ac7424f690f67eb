// A real redis-server on loopback for tests: free port, optional password and ACL users, PING-ready on return,
// stopped with SIGTERM (then SIGKILL) when done. Self-contained (the C library only) so that it can move to a shared
// test-support target unchanged.

import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A TCP socket that is closed in child processes: a server started by another test must not inherit it, or
/// closing it here would leave the connection open.
private func loopbackSocket() -> Int32 {
    #if canImport(Glibc)
    return socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    #else
    let descriptor = socket(AF_INET, SOCK_STREAM, 0)
    if descriptor >= 0 { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
    return descriptor
    #endif
}

/// A `redis-server` process that a test starts on `127.0.0.1` and stops when done.
///
/// ```swift
/// try await RedisServerProcess.with(password: "secret") { server in
///     let client = RedisClient(configuration: try RedisConfiguration(url: server.url(password: "secret")))
///     …
/// }
/// ```
actor RedisServerProcess {
    /// An ACL user created at start-up with every permission.
    struct User: Sendable {
        var name: String
        var password: String
    }

    /// Why the server could not be started.
    struct StartError: Error, CustomStringConvertible {
        var description: String
    }

    /// The loopback address the server listens on.
    nonisolated let host = "127.0.0.1"
    /// The TCP port the server listens on; it stays the same across ``restart()``.
    nonisolated let port: Int
    private let arguments: [String]
    /// The running server's process id.
    private var pid: pid_t?

    /// The path of the server binary: `$REDIS_SERVER`, else `/usr/bin/redis-server`.
    static var executable: String {
        getenv("REDIS_SERVER").map { String(cString: $0) } ?? "/usr/bin/redis-server"
    }

    private let password: String?

    private init(port: Int, arguments: [String], password: String?) {
        self.port = port
        self.arguments = arguments
        self.password = password
    }

    /// Starts a server on a free loopback port and returns once it answers, as the process this call started.
    ///
    /// - Parameters:
    ///   - password: The `default` user's password (`--requirepass`).
    ///   - users: ACL users to create, each allowed every command and key.
    ///   - extraArguments: More `redis-server` arguments, such as `["--enable-debug-command", "local"]`.
    ///   - clusterDirectory: For a cluster node: the directory of its cluster configuration file. Its port is chosen
    ///     so that the cluster bus port (the port + 10,000) is free too.
    static func start(
        password: String? = nil,
        users: [User] = [],
        extraArguments: [String] = [],
        clusterDirectory: String? = nil
    ) async throws -> RedisServerProcess {
        var lastError: (any Error)?
        // A port found free can be taken by someone else before the server binds it: try a few.
        for _ in 0..<10 {
            let port = try freeLoopbackPort(busToo: clusterDirectory != nil)
            var arguments = ["--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            arguments += ["--daemonize", "no", "--logfile", ""]
            if let clusterDirectory {
                arguments += [
                    "--cluster-enabled", "yes", "--cluster-config-file", "\(clusterDirectory)/nodes-\(port).conf",
                ]
                arguments += ["--cluster-node-timeout", "2000", "--dir", clusterDirectory]
            }
            if let password { arguments += ["--requirepass", password] }
            for user in users { arguments += ["--user", user.name, "on", ">\(user.password)", "~*", "&*", "+@all"] }
            arguments += extraArguments
            let server = RedisServerProcess(port: port, arguments: arguments, password: password)
            do {
                try await server.launch()
                return server
            } catch {
                lastError = error
            }
        }
        throw lastError ?? StartError(description: "redis-server did not start")
    }

    /// Starts a server, runs `body` with it, and stops the server however `body` ends.
    static func with<T: Sendable>(
        password: String? = nil,
        users: [User] = [],
        extraArguments: [String] = [],
        _ body: (RedisServerProcess) async throws -> T
    ) async throws -> T {
        let server = try await start(password: password, users: users, extraArguments: extraArguments)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    /// A `redis://` URL for this server.
    nonisolated func url(username: String? = nil, password: String? = nil, database: Int = 0) -> String {
        let credentials = password.map { "\(username ?? ""):\($0)@" } ?? ""
        return "redis://\(credentials)\(host):\(port)/\(database)"
    }

    /// Stops the server with SIGTERM and waits for it to exit (SIGKILL after five seconds).
    func stop() async {
        await deliver(SIGTERM, grace: .seconds(5))
    }

    /// Kills the server with SIGKILL, as a crash would, and waits for it to exit.
    func crash() async {
        await deliver(SIGKILL, grace: .seconds(5))
    }

    /// Starts the server again on the same port, with the same settings.
    func restart() async throws {
        await stop()
        try await launch()
    }

    // MARK: - Process

    private func launch() async throws {
        let pid = try Self.spawn(Self.executable, arguments: arguments)
        self.pid = pid
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            if Self.hasExited(pid) {
                self.pid = nil
                throw StartError(description: "redis-server exited at start (port \(port) taken?)")
            }
            if answersAsProcess(pid) { return }
            await Self.pause(milliseconds: 10)
        }
        await stop()
        throw StartError(description: "redis-server on port \(port) did not answer within 5 s")
    }

    private func deliver(_ signal: Int32, grace: Duration) async {
        guard let pid else { return }
        self.pid = nil
        kill(pid, signal)
        let deadline = ContinuousClock.now + grace
        while !Self.hasExited(pid) {
            guard ContinuousClock.now < deadline else {
                kill(pid, SIGKILL)
                waitpid(pid, nil, 0)
                return
            }
            await Self.pause(milliseconds: 2)
        }
    }

    /// Waits on a Dispatch timer: `Task.sleep` wakes through the concurrency runtime's global executor, which tests
    /// of other targets may keep busy for seconds.
    static func pause(milliseconds: Int) async {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(milliseconds)) { continuation.resume() }
        }
    }

    /// Starts `path` with `arguments`, its standard streams on `/dev/null`.
    static func spawn(_ path: String, arguments: [String]) throws -> pid_t {
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
        // The test runner's threads may block or ignore signals; the server must start with the defaults, or it
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
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid = pid_t()
        let result = posix_spawn(&pid, path, &actions, &attributes, argv, environment)
        guard result == 0 else {
            throw StartError(description: "cannot start \(path): \(String(cString: strerror(result)))")
        }
        return pid
    }

    /// Whether `pid` has exited (reaping it if so).
    static func hasExited(_ pid: pid_t) -> Bool {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        return result == pid || (result == -1 && errno == ECHILD)
    }

    /// Whether the server on ``port`` answers, and is the process `pid` (its `INFO` names its process id): a server
    /// that another test started on the same port must not pass for this one.
    private func answersAsProcess(_ pid: pid_t) -> Bool {
        let fd = loopbackSocket()
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = Self.loopbackAddress(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return false }

        var request = ""
        if let password { request += "*2\r\n$4\r\nAUTH\r\n$\(password.utf8.count)\r\n\(password)\r\n" }
        request += "*2\r\n$4\r\nINFO\r\n$6\r\nserver\r\n"
        let bytes = Array(request.utf8)
        guard send(fd, bytes, bytes.count, 0) == bytes.count else { return false }

        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while received.count < 65_536 {
            let count = recv(fd, &chunk, chunk.count, 0)
            guard count > 0 else { return false }
            received += chunk[..<count]
            let text = String(decoding: received, as: UTF8.self)
            guard let field = text.firstRange(of: "process_id:") else { continue }
            let rest = text[field.upperBound...]
            let digits = rest.prefix(while: \.isNumber)
            guard digits.endIndex < rest.endIndex else { continue }  // the line has not ended yet
            return Int32(digits) == pid
        }
        return false
    }

    /// A loopback port that nothing listens on right now.
    ///
    /// Ports come from 20000...29999, below the kernel's range for outgoing connections, in turn from a
    /// process-wide counter, so that servers started at the same time by tests of one process never pick the same
    /// port.
    /// With `busToo`, the port 10,000 above (a cluster node's bus port) is free as well.
    private static func freeLoopbackPort(busToo: Bool = false) throws -> Int {
        for _ in 0..<10_000 {
            let port = 20_000 + nextPort.add(1, ordering: .relaxed).oldValue % 10_000
            if try isFree(port), try !busToo || isFree(port + 10_000) { return port }
        }
        throw StartError(description: "no free loopback port in 20000...29999")
    }

    /// Whether a socket can bind `port` on loopback right now.
    private static func isFree(_ port: Int) throws -> Bool {
        let fd = loopbackSocket()
        guard fd >= 0 else { throw StartError(description: "socket() failed") }
        defer { close(fd) }
        var address = loopbackAddress(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// The next port to try, starting from a point that differs between processes.
    private static let nextPort = Atomic<Int>(Int(getpid()) &* 7_919 % 10_000)

    private static func loopbackAddress(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }
}
