// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
import Traffik
import TraffikHTTP

@Suite struct ClientAddressResolverTests {
    // Without IPv6 grouping, so that the addresses read can be seen whole; grouping has its own test.
    let xff = try! ClientAddressResolver(
        header: .xForwardedFor,
        trustedProxies: ["10.0.0.0/8", "2001:db8:ffff::/48"],
        ipv6PrefixLength: nil
    )

    func resolve(
        _ headers: [(String, String)],
        peer: String = "10.0.0.5",
        with resolver: ClientAddressResolver? = nil
    ) -> String? {
        (resolver ?? xff).clientAddress(peer: IPAddress(peer), headerValues: lookup(headers))?.description
    }

    func resolver(_ header: ProxyHeader) -> ClientAddressResolver {
        try! ClientAddressResolver(header: header, trustedProxies: ["10.0.0.0/8"], ipv6PrefixLength: nil)
    }

    @Test func headersFromAnUntrustedPeerAreIgnored() {
        let spoofed = [("X-Forwarded-For", "1.1.1.1"), ("Forwarded", "for=2.2.2.2"), ("X-Real-IP", "3.3.3.3")]
        #expect(resolve(spoofed, peer: "198.51.100.7") == "198.51.100.7")
        #expect(resolve(spoofed, peer: "198.51.100.7", with: .peerOnly) == "198.51.100.7")
        #expect(resolve(spoofed, with: .peerOnly) == "10.0.0.5")
    }

    /// Behind a proxy that writes only X-Forwarded-For, a client-written `Forwarded` minted a fresh identity per
    /// request: the old resolver preferred `Forwarded` and fell through the headers.
    @Test func onlyTheNamedHeaderIsEverRead() {
        let both = [("Forwarded", "for=1.1.1.1"), ("X-Forwarded-For", "203.0.113.9")]
        #expect(resolve(both) == "203.0.113.9")
        // Absent or unusable, the named header never hands over to another one.
        #expect(resolve([("Forwarded", "for=1.1.1.1"), ("X-Real-IP", "3.3.3.3")]) == "10.0.0.5")
        #expect(resolve([("Forwarded", "for=1.1.1.1"), ("X-Forwarded-For", "junk")]) == "10.0.0.5")
        let all = [
            ("X-Forwarded-For", "1.1.1.1"), ("Forwarded", "for=2.2.2.2"), ("X-Real-IP", "3.3.3.3"),
            ("CF-Connecting-IP", "4.4.4.4"), ("True-Client-IP", "5.5.5.5"),
        ]
        #expect(resolve(all, with: resolver(.xForwardedFor)) == "1.1.1.1")
        #expect(resolve(all, with: resolver(.forwarded)) == "2.2.2.2")
        #expect(resolve(all, with: resolver(.xRealIP)) == "3.3.3.3")
        #expect(resolve(all, with: resolver(.cfConnectingIP)) == "4.4.4.4")
        #expect(resolve(all, with: resolver(.trueClientIP)) == "5.5.5.5")
    }

    @Test func xForwardedForIsReadRightToLeftOverEveryFieldLine() {
        // The client wrote "6.6.6.6" itself; the trusted proxies appended the real hops.
        #expect(resolve([("X-Forwarded-For", "6.6.6.6, 203.0.113.9, 10.1.1.1")]) == "203.0.113.9")
        #expect(
            resolve([("X-Forwarded-For", "6.6.6.6"), ("X-Forwarded-For", "203.0.113.9, 10.1.1.1")]) == "203.0.113.9"
        )
        #expect(resolve([("X-Forwarded-For", "203.0.113.9:4711, , 10.1.1.1")]) == "203.0.113.9")
        #expect(resolve([("X-Forwarded-For", "[2001:db8::7]:80")]) == "2001:db8::7")
    }

    /// The old resolver skipped entries that were not addresses, so a client could put `junk` after its chosen
    /// address and be believed: `6.6.6.6, junk` came out as 6.6.6.6.
    @Test func aHopThatIsNotAnAddressIsIdentifiedAsTheTrustedHopThatReportedIt() {
        #expect(resolve([("X-Forwarded-For", "6.6.6.6, junk, 10.1.1.1")]) == "10.1.1.1")
        #expect(resolve([("X-Forwarded-For", "6.6.6.6, unknown")]) == "10.0.0.5")
        #expect(resolve([("X-Forwarded-For", "junk")]) == "10.0.0.5")
        #expect(
            resolve([("Forwarded", "for=6.6.6.6, for=_hidden, for=10.1.1.1")], with: resolver(.forwarded)) == "10.1.1.1"
        )
        #expect(resolve([("Forwarded", "for=6.6.6.6, proto=https")], with: resolver(.forwarded)) == "10.0.0.5")
    }

    @Test func whenEveryHopIsTrustedTheLeftMostIsTheClient() {
        #expect(resolve([("X-Forwarded-For", "10.9.9.9, 10.1.1.1")]) == "10.9.9.9")
        #expect(resolve([]) == "10.0.0.5")
    }

    @Test func forwardedHandlesQuotesIPv6AndPorts() {
        let forwarded = resolver(.forwarded)
        let value = #"for=6.6.6.6, For="[2001:db8:cafe::17]:4711";proto=https, for="10.2.2.2:8080";by=10.0.0.5"#
        #expect(resolve([("Forwarded", value)], with: forwarded) == "2001:db8:cafe::17")
        #expect(resolve([("Forwarded", #"for="203.0.113.4:80""#)], with: forwarded) == "203.0.113.4")
        #expect(resolve([("Forwarded", #"proto=https; for="[2001:db8::9]""#)], with: forwarded) == "2001:db8::9")
        #expect(
            resolve([("Forwarded", "for=6.6.6.6"), ("Forwarded", "for=203.0.113.4")], with: forwarded) == "203.0.113.4"
        )
    }

    /// `"\""` is a quoted string holding one quote. The old parser toggled on every `"`, so the element the proxy
    /// appended after it was swallowed and the client's own `for=6.6.6.6` won.
    @Test func aQuotedPairDoesNotSwallowTheProxysElement() {
        let forwarded = resolver(.forwarded)
        #expect(resolve([("Forwarded", #"for=6.6.6.6, for="\"", for=203.0.113.9"#)], with: forwarded) == "203.0.113.9")
        #expect(
            resolve([("Forwarded", #"for=6.6.6.6, for="\"""#), ("Forwarded", "for=203.0.113.9")], with: forwarded)
                == "203.0.113.9"
        )
        #expect(resolve([("Forwarded", #"for="\"\\", for=203.0.113.9"#)], with: forwarded) == "203.0.113.9")
    }

    /// A malformed `Forwarded` header anywhere makes the peer the client; the old parser read what it could and
    /// answered 6.6.6.6 for the unterminated quote.
    @Test(arguments: [
        #"for=6.6.6.6, for=", for=203.0.113.9"#,
        #"for=6.6.6.6, for="\", for=203.0.113.9"#,
        "for=6.6.6.6;for=7.7.7.7, for=203.0.113.9",
        "for=6.6.6.6, for=, for=203.0.113.9",
        "for=6.6.6.6, for 203.0.113.9",
        "for=6.6.6.6 for=203.0.113.9",
        "for=2001:db8::1, for=203.0.113.9",
        "for=6.6.6.6, for=203.0.113.9:80",
        "for=6.6.6.6, =x, for=203.0.113.9",
        "for=6.6.6.6, for=\u{1}, for=203.0.113.9",
        "",
    ])
    func aMalformedForwardedHeaderIsUnusable(value: String) {
        #expect(
            resolve([("Forwarded", value), ("Forwarded", "for=203.0.113.9")], with: resolver(.forwarded)) == "10.0.0.5"
        )
    }

    @Test func singleAddressHeadersHoldExactlyOneAddress() {
        let realIP = resolver(.xRealIP)
        #expect(resolve([("X-Real-IP", " 203.0.113.9 ")], with: realIP) == "203.0.113.9")
        #expect(resolve([("X-Real-IP", "2001:db8::9")], with: realIP) == "2001:db8::9")
        #expect(resolve([("X-Real-IP", "1.1.1.1"), ("X-Real-IP", "203.0.113.9")], with: realIP) == "10.0.0.5")
        #expect(resolve([("X-Real-IP", "1.1.1.1, 203.0.113.9")], with: realIP) == "10.0.0.5")
        #expect(resolve([("X-Real-IP", "203.0.113.9:80")], with: realIP) == "10.0.0.5")
        #expect(resolve([("X-Real-IP", "unknown")], with: realIP) == "10.0.0.5")
    }

    @Test func aHopCountTrustsTheNearestHopsWhateverTheirAddresses() throws {
        let one = try ClientAddressResolver(header: .xForwardedFor, trustedHops: 1)
        #expect(
            resolve([("X-Forwarded-For", "6.6.6.6, 203.0.113.9")], peer: "198.51.100.1", with: one) == "203.0.113.9"
        )
        let two = try ClientAddressResolver(header: .xForwardedFor, trustedHops: 2)
        #expect(
            resolve([("X-Forwarded-For", "6.6.6.6, 203.0.113.9, 198.51.100.2")], peer: "198.51.100.1", with: two)
                == "203.0.113.9"
        )
        #expect(resolve([("X-Forwarded-For", "203.0.113.9, junk")], peer: "198.51.100.1", with: two) == "203.0.113.9")
        #expect(
            resolve([("X-Forwarded-For", "unknown, 198.51.100.2")], peer: "198.51.100.1", with: two) == "198.51.100.2"
        )
        // Fewer entries than hops: every entry was written by a trusted hop, so the left-most is the client.
        #expect(resolve([("X-Forwarded-For", "203.0.113.9")], peer: "198.51.100.1", with: two) == "203.0.113.9")
        #expect(resolve([], peer: "198.51.100.1", with: two) == "198.51.100.1")
    }

    @Test func theWorkIsBounded() {
        // Over 16 KiB: unusable, so the peer.
        let huge = Array(repeating: "6.6.6.6", count: 5_000).joined(separator: ",")
        #expect(resolve([("X-Forwarded-For", huge + ", 203.0.113.9")]) == "10.0.0.5")
        #expect(resolve([("Forwarded", "for=" + huge)], with: resolver(.forwarded)) == "10.0.0.5")
        let lines = Array(repeating: ("X-Forwarded-For", ""), count: 20_000)
        #expect(resolve(lines + [("X-Forwarded-For", "203.0.113.9")]) == "10.0.0.5")
        // Past 64 trusted hops, the 64th from the right is the client and nothing further left is read.
        let chain = (1...100).map { "10.0.0.\($0)" }.joined(separator: ", ")
        #expect(resolve([("X-Forwarded-For", "6.6.6.6, " + chain)]) == "10.0.0.37")
    }

    /// The old default identified each IPv6 address alone, so a client with a /64 had 2^64 budgets.
    @Test func ipv6ClientsAreGroupedByTheir64ByDefault() throws {
        let a = ClientAddressResolver.peerOnly.identity(
            peer: IPAddress("2001:db8:1:2:aaaa::1"),
            headerValues: lookup([])
        )
        let b = ClientAddressResolver.peerOnly.identity(peer: IPAddress("2001:db8:1:2::2"), headerValues: lookup([]))
        #expect(a == .client("2001:db8:1:2::/64"))
        #expect(a == b)
        let grouping = try ClientAddressResolver(header: .xForwardedFor, trustedProxies: ["10.0.0.0/8"])
        let forwarded = grouping.identity(
            peer: IPAddress("10.0.0.5"),
            headerValues: lookup([("X-Forwarded-For", "2001:DB8:1:2::9")])
        )
        #expect(forwarded == .client("2001:db8:1:2::/64"))
        #expect(
            ClientAddressResolver.peerOnly.identity(peer: IPAddress("192.0.2.1"), headerValues: lookup([]))
                == .client("192.0.2.1")
        )
        #expect(ClientAddressResolver.peerOnly.identity(peer: nil, headerValues: lookup([])) == .anonymous)

        let ungrouped = try ClientAddressResolver(ipv6PrefixLength: nil)
        #expect(
            ungrouped.identity(peer: IPAddress("2001:db8:1:2::2"), headerValues: lookup([]))
                == .client("2001:db8:1:2::2")
        )
        let by56 = try ClientAddressResolver(header: .xForwardedFor, trustedHops: 1, ipv6PrefixLength: 56)
        #expect(
            by56.identity(peer: IPAddress("2001:db8:1:2ff::2"), headerValues: lookup([]))
                == .client("2001:db8:1:200::/56")
        )
    }

    @Test func aBadConfigurationFailsAtConstruction() {
        typealias Failure = ClientAddressResolver.ConfigurationError
        #expect(throws: Failure.invalidNetwork("10.0.0.0/40")) {
            try ClientAddressResolver(header: .xForwardedFor, trustedProxies: ["10.0.0.0/8", "10.0.0.0/40"])
        }
        #expect(throws: Failure.mappedRangeTooWide("::ffff:0:0/96")) {
            try ClientAddressResolver(header: .xForwardedFor, trustedProxies: ["::ffff:0:0/96"])
        }
        #expect(throws: Failure.mappedRangeTooWide("::ffff:10.0.0.0/103")) {
            try ClientAddressResolver(header: .xForwardedFor, trustedProxies: ["::ffff:10.0.0.0/103"])
        }
        #expect(throws: Failure.everyAddressTrusted("0.0.0.0/0")) {
            try ClientAddressResolver(header: .xForwardedFor, trustedProxies: ["0.0.0.0/0"])
        }
        #expect(throws: Failure.noTrustedProxies) {
            try ClientAddressResolver(header: .xForwardedFor, trustedProxies: [String]())
        }
        #expect(throws: Failure.invalidHopCount(0)) {
            try ClientAddressResolver(header: .xForwardedFor, trustedHops: 0)
        }
        #expect(throws: Failure.invalidHopCount(65)) {
            try ClientAddressResolver(header: .xForwardedFor, trustedHops: 65)
        }
        #expect(throws: Failure.invalidIPv6Prefix(0)) { try ClientAddressResolver(ipv6PrefixLength: 0) }
        #expect(throws: Failure.invalidIPv6Prefix(129)) {
            try ClientAddressResolver(header: .forwarded, trustedHops: 1, ipv6PrefixLength: 129)
        }
        #expect("\(Failure.mappedRangeTooWide("::ffff:0:0/96"))".contains("/104"))
    }

    @Test func aMappedRangeOf104OrLongerIsTheIPv4RangeItCovers() throws {
        let resolver = try ClientAddressResolver(header: .xForwardedFor, trustedProxies: ["::ffff:10.0.0.0/104"])
        #expect(resolver.trustedProxies.map(\.description) == ["10.0.0.0/8"])
        #expect(resolve([("X-Forwarded-For", "203.0.113.9")], with: resolver) == "203.0.113.9")
        #expect(resolve([("X-Forwarded-For", "203.0.113.9")], peer: "11.0.0.1", with: resolver) == "11.0.0.1")
    }

    @Test func proxyHeadersAreNamedCaseInsensitively() {
        #expect(ProxyHeader(named: "x-forwarded-for") == .xForwardedFor)
        #expect(ProxyHeader(named: "FORWARDED") == .forwarded)
        #expect(ProxyHeader(named: "cf-connecting-ip") == .cfConnectingIP)
        #expect(ProxyHeader(named: "X-Forwarded") == nil)
        #expect(ProxyHeader.allCases.count == 5)
    }
}
