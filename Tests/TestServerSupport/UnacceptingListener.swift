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

/// A loopback port whose listener never accepts and whose accept queue is already full, so that a new connection
/// attempt hangs in the TCP handshake: a way to hit a client's connect timeout without leaving loopback.
public final class UnacceptingListener {
    /// The port to connect to.
    public let port: Int
    private var descriptors: [Int32] = []

    /// Listens with a backlog of zero and fills the queue with one connection.
    public init() throws {
        let listener = LoopbackPort.socketClosedOnExec()
        descriptors.append(listener)
        var address = LoopbackPort.address(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listening = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && listen(listener, 0) == 0 && getsockname(listener, $0, &length) == 0
            }
        }
        guard listener >= 0, listening else { throw ListenerError() }
        port = Int(UInt16(bigEndian: address.sin_port))

        let filler = LoopbackPort.socketClosedOnExec()
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
    public func shutDown() {
        for descriptor in descriptors where descriptor >= 0 { close(descriptor) }
        descriptors = []
    }

    private struct ListenerError: Error {}
}
