#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A loopback port whose listener never accepts and whose accept queue is already full, so that a new connection
/// attempt hangs in the TCP handshake: a way to hit a client's connect timeout without leaving loopback.
final class UnacceptingListener {
    /// The port to connect to.
    let port: Int
    private var descriptors: [Int32] = []

    /// Listens with a backlog of zero and fills the queue with one connection.
    init() throws {
        let listener = Self.socketClosedOnExec()
        descriptors.append(listener)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listening = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && listen(listener, 0) == 0 && getsockname(listener, $0, &length) == 0
            }
        }
        guard listener >= 0, listening else { throw ListenerError() }
        port = Int(UInt16(bigEndian: address.sin_port))

        let filler = Self.socketClosedOnExec()
        descriptors.append(filler)
        let filled = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(filler, $0, length) == 0 }
        }
        guard filled else {
            shutDown()
            throw ListenerError()
        }
    }

    deinit { shutDown() }

    /// Closes the listener and the filler connection.
    func shutDown() {
        for descriptor in descriptors where descriptor >= 0 { close(descriptor) }
        descriptors = []
    }

    /// A TCP socket that servers started by other tests do not inherit.
    private static func socketClosedOnExec() -> Int32 {
        #if canImport(Glibc)
        return socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        if descriptor >= 0 { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        return descriptor
        #endif
    }

    private struct ListenerError: Error {}
}
