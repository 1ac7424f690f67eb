// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import NIOCore

extension IPAddress {
    /// The address of a NIO socket address, read from its bytes (no text round trip); `nil` for a Unix socket.
    public init?(_ socketAddress: SocketAddress) {
        // In both `sockaddr_in` and `sockaddr_in6` the address sits at a fixed offset after the family and port
        // (and, for IPv6, the flow information).
        let layout: (offset: Int, count: Int)
        switch socketAddress {
        case .v4: layout = (4, 4)
        case .v6: layout = (8, 16)
        case .unixDomainSocket: return nil
        }
        let bytes = socketAddress.withSockAddr { pointer, length -> [UInt8]? in
            guard length >= layout.offset + layout.count else { return nil }
            let raw = UnsafeRawBufferPointer(start: UnsafeRawPointer(pointer), count: length)
            return Array(raw[layout.offset..<layout.offset + layout.count])
        }
        guard let bytes, let address = IPAddress(bytes: bytes) else { return nil }
        self = address
    }
}
