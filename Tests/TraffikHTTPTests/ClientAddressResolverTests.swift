import Testing
import Traffik
import TraffikHTTP

@Suite struct ClientAddressResolverTests {
    let proxy = IPAddress("10.0.0.5")
    let resolver = try! ClientAddressResolver(trustedProxies: ["10.0.0.0/8", "2001:db8:ffff::/48"])

    func resolve(
        _ headers: [(String, String)],
        peer: IPAddress? = IPAddress("10.0.0.5"),
        with resolver: ClientAddressResolver? = nil
    ) -> String? {
        (resolver ?? self.resolver).clientAddress(peer: peer, headerValues: lookup(headers))?.description
    }

    @Test func headersFromAnUntrustedPeerAreIgnored() {
        let spoofed = [("X-Forwarded-For", "1.1.1.1"), ("Forwarded", "for=2.2.2.2"), ("X-Real-IP", "3.3.3.3")]
        #expect(resolve(spoofed, peer: IPAddress("198.51.100.7")) == "198.51.100.7")
        #expect(resolve(spoofed, peer: IPAddress("198.51.100.7"), with: .peerOnly) == "198.51.100.7")
    }

    @Test func xForwardedForIsReadRightToLeft() {
        // The client wrote "6.6.6.6" itself; the trusted proxies appended the real hops.
        #expect(resolve([("X-Forwarded-For", "6.6.6.6, 203.0.113.9, 10.1.1.1")]) == "203.0.113.9")
        // Several field lines form one list.
        #expect(
            resolve([("X-Forwarded-For", "6.6.6.6"), ("X-Forwarded-For", "203.0.113.9, 10.1.1.1")]) == "203.0.113.9"
        )
    }

    @Test func invalidEntriesAreSkippedNeverTrusted() {
        #expect(resolve([("X-Forwarded-For", "203.0.113.9, garbage, unknown, 10.1.1.1")]) == "203.0.113.9")
        #expect(resolve([("X-Forwarded-For", "garbage")]) == "10.0.0.5")
    }

    @Test func aChainOfTrustedProxiesGivesTheLeftmost() {
        #expect(resolve([("X-Forwarded-For", "10.9.9.9, 10.1.1.1")]) == "10.9.9.9")
    }

    @Test func forwardedHandlesQuotesIPv6AndPorts() {
        let value = #"for=6.6.6.6, For="[2001:db8:cafe::17]:4711";proto=https, for=10.2.2.2:8080;by=10.0.0.5"#
        #expect(resolve([("Forwarded", value)]) == "2001:db8:cafe::17")
        #expect(resolve([("Forwarded", #"for="203.0.113.4:80""#)]) == "203.0.113.4")
        #expect(resolve([("Forwarded", "for=unknown, for=_hidden")]) == "10.0.0.5")
        #expect(resolve([("Forwarded", #"proto=https;for="[2001:db8::9]""#)]) == "2001:db8::9")
    }

    @Test func forwardedIsPreferredThenXForwardedForThenXRealIP() {
        let all = [("X-Real-IP", "3.3.3.3"), ("X-Forwarded-For", "2.2.2.2"), ("Forwarded", "for=1.1.1.1")]
        #expect(resolve(all) == "1.1.1.1")
        #expect(resolve(Array(all.prefix(2))) == "2.2.2.2")
        #expect(resolve(Array(all.prefix(1))) == "3.3.3.3")
        let onlyRealIP = try! ClientAddressResolver(trustedProxies: ["10.0.0.0/8"], headers: .xRealIP)
        #expect(resolve(all, with: onlyRealIP) == "3.3.3.3")
    }

    @Test func ipv6ClientsCanBeGroupedByPrefix() throws {
        let grouping = try ClientAddressResolver(trustedProxies: [String](), ipv6PrefixLength: 64)
        let identity = grouping.identity(peer: IPAddress("2001:db8:1:2:aaaa::1"), headerValues: lookup([]))
        #expect(identity == .client("2001:db8:1:2::/64"))
        #expect(grouping.identity(peer: IPAddress("192.0.2.1"), headerValues: lookup([])) == .client("192.0.2.1"))
        #expect(grouping.identity(peer: nil, headerValues: lookup([])) == .anonymous)
    }

    @Test func aBadTrustedProxyFailsAtConstruction() {
        #expect(throws: InvalidNetworkError(entry: "10.0.0.0/40")) {
            try ClientAddressResolver(trustedProxies: ["10.0.0.0/8", "10.0.0.0/40"])
        }
    }
}
