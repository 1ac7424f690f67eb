// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
import Traffik
import TraffikHTTP

@Suite struct IPAddressTests {
    @Test(arguments: [
        ("192.0.2.1", "192.0.2.1"),
        ("0.0.0.0", "0.0.0.0"),
        ("255.255.255.255", "255.255.255.255"),
        ("2001:DB8:0:0:0:0:0:1", "2001:db8::1"),
        ("::1", "::1"),
        ("::ffff:192.0.2.1", "192.0.2.1"),
        ("fe80::1:2:3:4", "fe80::1:2:3:4"),
    ])
    func parsesAndPrintsCanonically(text: String, canonical: String) throws {
        let address = try #require(IPAddress(text))
        #expect(address.description == canonical)
        #expect(IPAddress(address.description) == address)
    }

    @Test(arguments: [
        "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4x", "fe80::1%eth0", "example.com", " 1.2.3.4", "1.2.3.4 ",
        "::g", "1::2::3", "unknown", "_hidden",
    ])
    func rejectsAnythingElse(text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test func bytesRoundTrip() throws {
        for text in ["192.0.2.1", "2001:db8::42"] {
            let address = try #require(IPAddress(text))
            #expect(IPAddress(bytes: address.bytes) == address)
        }
    }

    @Test func networks() throws {
        let v4 = try #require(IPNetwork("10.0.0.0/8"))
        #expect(v4.contains(try #require(IPAddress("10.200.3.4"))))
        #expect(!v4.contains(try #require(IPAddress("11.0.0.1"))))
        let v6 = try #require(IPNetwork("2001:db8::/32"))
        #expect(v6.contains(try #require(IPAddress("2001:db8:ffff::1"))))
        #expect(!v6.contains(try #require(IPAddress("2001:db9::1"))))
        #expect(!v6.contains(try #require(IPAddress("10.0.0.1"))))
        let single = try #require(IPNetwork("192.0.2.7"))
        #expect(single.prefixLength == 32)
        #expect(single.contains(try #require(IPAddress("192.0.2.7"))))
        #expect(!single.contains(try #require(IPAddress("192.0.2.8"))))
        let mapped = try #require(IPNetwork("::ffff:10.0.0.0/104"))
        #expect(mapped.contains(try #require(IPAddress("10.1.2.3"))))
        #expect(IPNetwork("10.0.0.0/33") == nil)
        #expect(IPNetwork("10.0.0.0/") == nil)
        #expect(IPNetwork("10.0.0.0/+8") == nil)
        #expect(IPNetwork("nonsense/8") == nil)
        #expect(IPNetwork("10.1.2.3/8")?.description == "10.0.0.0/8")
        #expect(IPNetwork("10.0.0.0/0008") == nil)
    }

    /// `::ffff:10.0.0.0/80` used to parse as 0.0.0.0/0, trusting every IPv4 address; a mapped range must be /104
    /// (one IPv4 /8) or longer.
    @Test func anIPv4MappedRangeWiderThan104DoesNotParse() throws {
        #expect(IPNetwork("::ffff:10.0.0.0/80") == nil)
        #expect(IPNetwork("::ffff:0:0/96") == nil)
        #expect(IPNetwork("::ffff:10.0.0.0/103") == nil)
        #expect(IPNetwork("::ffff:10.0.0.0/104")?.description == "10.0.0.0/8")
        #expect(IPNetwork("::ffff:10.1.2.3/128")?.description == "10.1.2.3/32")
        #expect(IPNetwork("::ffff:10.1.2.3")?.description == "10.1.2.3/32")
        // An IPv6 range that merely spans the mapped block covers no IPv4 client.
        let wide = try #require(IPNetwork("::/80"))
        #expect(!wide.contains(try #require(IPAddress("10.0.0.1"))))
    }

    @Test func identityTextIsCanonical() throws {
        let resolver = ClientAddressResolver.peerOnly
        for text in ["2001:DB8:0:0:1::1", "2001:db8::1:0:0:1", "2001:0db8:0000:0000:0001:0000:0000:0001"] {
            #expect(resolver.identity(peer: IPAddress(text), headerValues: { _ in [] }) == .client("2001:db8::/64"))
        }
        #expect(
            resolver.identity(peer: IPAddress("::ffff:192.0.2.1"), headerValues: { _ in [] }) == .client("192.0.2.1")
        )
    }
}
