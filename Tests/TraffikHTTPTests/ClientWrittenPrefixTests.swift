// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
import Traffik
import TraffikHTTP

/// The property the resolver exists for: whatever a client writes in front of what the trusted proxy appends, it
/// gets the identity the proxy saw (or, for a header it managed to spoil, the proxy's own), never one it chose.
@Suite struct ClientWrittenPrefixTests {
    static let alphabet = Array(#"for=,;"\ _[]:.0169afnouwkFOR"#.unicodeScalars) + ["\t", "\u{0}", "\u{7F}", "é"]
    let peer = IPAddress("10.0.0.5")

    func randomText(_ generator: inout SplitMix64) -> String {
        let length = Int(generator.next() % 48)
        var scalars = String.UnicodeScalarView()
        for _ in 0..<length { scalars.append(Self.alphabet[Int(generator.next() % UInt64(Self.alphabet.count))]) }
        return String(scalars)
    }

    @Test(arguments: [ProxyHeader.xForwardedFor, .forwarded])
    func aClientWrittenPrefixNeverChoosesTheIdentity(header: ProxyHeader) throws {
        let resolver = try ClientAddressResolver(header: header, trustedProxies: ["10.0.0.0/8"])
        let appended = header == .forwarded ? "for=203.0.113.9" : "203.0.113.9"
        var generator = SplitMix64(seed: 0x7072_6566_6978)
        for _ in 0..<20_000 {
            let written = randomText(&generator)
            // The proxy appends to the client's field line, or adds a line of its own.
            for values in [[written + ", " + appended], [written, appended]] {
                let identity = resolver.identity(peer: peer) { $0 == header.fieldName ? values : [] }
                let allowed: Set<Identity> =
                    header == .forwarded ? [.client("203.0.113.9"), .client("10.0.0.5")] : [.client("203.0.113.9")]
                #expect(allowed.contains(identity), "\(values) gave \(identity)")
            }
        }
    }
}
