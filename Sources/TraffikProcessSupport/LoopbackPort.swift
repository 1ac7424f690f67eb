// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

// Loopback ports and sockets for test servers: free ports, and a request-and-reply exchange run on a Dispatch
// thread with timeouts, so no thread of the concurrency runtime ever blocks on a socket.

import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Loopback ports for the servers tests and the load harness start.
package enum LoopbackPort {
    /// A loopback port that nothing listens on right now.
    ///
    /// Ports come from 20000...29999, below the kernel's range for outgoing connections, in turn from a
    /// process-wide counter, so that servers started at the same time by tests of one process never pick the same
    /// port.
    ///
    /// - Parameter offset: When given, the port `offset` above must be free too (a Redis Cluster node's bus port).
    package static func free(alsoFreeAt offset: Int? = nil) throws -> Int {
        for _ in 0..<10_000 {
            let port = 20_000 + nextPort.add(1, ordering: .relaxed).oldValue % 10_000
            if try isFree(port), try offset.map({ try isFree(port + $0) }) ?? true { return port }
        }
        throw ProcessError("no free loopback port in 20000...29999")
    }

    /// Whether a socket can bind `port` on loopback right now.
    private static func isFree(_ port: Int) throws -> Bool {
        let fd = socketClosedOnExec()
        guard fd >= 0 else { throw ProcessError("socket() failed") }
        defer { close(fd) }
        var address = address(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// Sends `request` to `127.0.0.1:port` and reads until `reply` makes sense of what has arrived (returns
    /// non-`nil`), on a Dispatch thread. Connecting, sending and each read time out after a second; `nil` when the
    /// exchange fails or the reply never makes sense.
    package static func exchange<T: Sendable>(
        port: Int,
        request: [UInt8],
        reply: @escaping @Sendable ([UInt8]) -> T?
    ) async -> T? {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: blockingExchange(port: port, request: request, reply: reply))
            }
        }
    }

    private static func blockingExchange<T>(port: Int, request: [UInt8], reply: ([UInt8]) -> T?) -> T? {
        let fd = socketClosedOnExec()
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = address(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0, send(fd, request, request.count, 0) == request.count else { return nil }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while received.count < 65_536 {
            let count = recv(fd, &chunk, chunk.count, 0)
            guard count > 0 else { return nil }
            received += chunk[..<count]
            if let answer = reply(received) { return answer }
        }
        return nil
    }

    /// A TCP socket that is closed in child processes: a server started by another test must not inherit it, or
    /// closing it here would leave the connection open.
    package static func socketClosedOnExec() -> Int32 {
        #if canImport(Glibc)
        return socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        if descriptor >= 0 { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        return descriptor
        #endif
    }

    /// `127.0.0.1:port`.
    package static func address(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }

    /// The next port to try, starting from a point that differs between processes.
    private static let nextPort = Atomic<Int>(Int(getpid()) &* 7_919 % 10_000)
}

/// The number after `field` in `reply` (such as `process_id:` in Redis's `INFO`), once its line has ended.
package func numberField(_ field: String, in reply: [UInt8]) -> Int? {
    let text = String(decoding: reply, as: UTF8.self)
    guard let range = text.firstRange(of: field) else { return nil }
    let rest = text[range.upperBound...]
    let digits = rest.prefix(while: \.isNumber)
    guard digits.endIndex < rest.endIndex else { return nil }  // the line has not ended yet
    return Int(digits)
}
