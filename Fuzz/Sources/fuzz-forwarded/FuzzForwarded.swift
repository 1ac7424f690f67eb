// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import FuzzSupport

@testable import TraffikHTTP

/// The client-address resolver on any forwarding headers (the client writes them): `Forwarded` (RFC 7239),
/// `X-Forwarded-For` and the single-address headers, under each way of trusting proxies.
///
/// No trap; only the one configured header is read (the same answer when every other header holds the same text);
/// an untrusted peer is the client whatever the headers say; a resolved address reads back from its own text; and
/// the address parsers agree with their own output.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzForwarded(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let header = input.choice(ProxyHeader.allCases)
    let prefix = input.choice([Int?.none, 64, 48, 128])
    let resolver: ClientAddressResolver
    do {
        switch input.byte() % 3 {
        case 0:
            resolver = try ClientAddressResolver(
                header: header,
                trustedProxies: ["10.0.0.0/8", "192.168.0.0/16", "fd00::/8", "::ffff:172.16.0.0/108"],
                ipv6PrefixLength: prefix
            )
        case 1:
            resolver = try ClientAddressResolver(
                header: header,
                trustedHops: input.int(in: 1...4),
                ipv6PrefixLength: prefix
            )
        default:
            resolver = try ClientAddressResolver(ipv6PrefixLength: prefix)
        }
    } catch {
        require(false, "a valid configuration refused: \(error)")
        return 0
    }
    let peers = ["10.1.2.3", "192.168.7.7", "fd00::1", "203.0.113.7", "2001:db8::1", "::ffff:172.16.0.9"]
    let peer = IPAddress(input.choice(peers))
    let lines = input.rest().split(separator: 0x0A, omittingEmptySubsequences: false).prefix(8)
    let values = lines.map { String(decoding: $0, as: UTF8.self) }

    // Only the configured header is read: other headers holding the same text change nothing.
    let onlyConfigured = resolver.clientAddress(peer: peer) { name in name == header.fieldName ? values : [] }
    let everywhere = resolver.clientAddress(peer: peer) { _ in values }
    require(
        onlyConfigured == everywhere,
        "\(header) resolved \(String(describing: onlyConfigured)) alone, "
            + "\(String(describing: everywhere)) with the same text in every header: \(values.debugDescription)"
    )

    if let peer, !isTrustedPeer(resolver, peer) {
        require(
            onlyConfigured == resolver.clientAddress(peer: peer) { _ in [] },
            "an untrusted peer's headers were read"
        )
    }
    if let address = onlyConfigured {
        require(IPAddress(address.description) == address, "\(address) does not read back from its text")
    }

    // The parsers alone, on the same text.
    _ = ForwardedHeaders.forwarded(values)
    _ = ForwardedHeaders.xForwardedFor(values)
    _ = ForwardedHeaders.singleAddress(values)
    for value in values {
        if let address = IPAddress(value) {
            require(
                IPAddress(address.description) == address,
                "\(value.debugDescription) → \(address) reads back differently"
            )
        }
        if let network = IPNetwork(value) {
            require(
                IPNetwork(network.description) == network,
                "\(value.debugDescription) → \(network) reads back differently"
            )
        }
    }
    return 0
}

/// Whether the resolver believes headers from `peer`.
func isTrustedPeer(_ resolver: ClientAddressResolver, _ peer: IPAddress) -> Bool {
    guard resolver.header != nil else { return false }
    return resolver.trustedHops != nil || resolver.isTrusted(peer)
}
