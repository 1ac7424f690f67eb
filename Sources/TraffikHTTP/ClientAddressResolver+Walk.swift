// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import HTTPTypes

extension ClientAddressResolver {
    /// The client behind `peer`, before IPv6 grouping: the walk the type's documentation describes.
    func resolve(peer: IPAddress, headerValues: (HTTPField.Name) -> [String]) -> IPAddress {
        guard let header, isTrustedPeer(peer) else { return peer }
        let values = headerValues(header.fieldName)
        switch header.kind {
        case .xRealIP, .cfConnectingIP, .trueClientIP:
            return ForwardedHeaders.singleAddress(values) ?? peer
        case .xForwardedFor:
            return ForwardedHeaders.xForwardedFor(values).map { walk($0, peer: peer) } ?? peer
        case .forwarded:
            return ForwardedHeaders.forwarded(values).map { walk($0, peer: peer) } ?? peer
        }
    }

    private func isTrustedPeer(_ peer: IPAddress) -> Bool {
        switch trust {
        case .nobody: false
        case .networks: isTrusted(peer)
        case .hops: true
        }
    }

    /// Right to left over at most ``ForwardedHeaders/maxHops`` hops: skips trusted proxies and stops at the first
    /// other entry. `reporter` is the nearest address vouched for by trusted hops so far: the peer, then each
    /// trusted entry in turn; it is the answer when the entry where the walk stops is not an address, and when
    /// every hop looked at is trusted (then it is the left-most of them).
    func walk(_ hops: [ForwardedNode], peer: IPAddress) -> IPAddress {
        var reporter = peer
        for (position, hop) in hops.reversed().prefix(ForwardedHeaders.maxHops).enumerated() {
            // With a hop count, the entries at positions 0..<(hops - 1) are the addresses of the proxies behind
            // the peer, trusted whatever they are.
            let trustedByCount = trustedHops.map { position < $0 - 1 } ?? false
            switch hop {
            case .address(let address):
                guard trustedByCount || isTrusted(address) else { return address }
                reporter = address
            case .undisclosed, .invalid:
                guard trustedByCount else { return reporter }
            }
        }
        return reporter
    }
}
