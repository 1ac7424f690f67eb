// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import TraffikHTTP

/// The header parsers on their own: what they read, and that no input traps or is read in part.
@Suite struct ForwardedHeadersTests {
    func address(_ text: String) -> ForwardedNode { .address(IPAddress(text)!) }

    @Test func forwardedReadsTheForNodeOfEachElement() {
        let nodes = ForwardedHeaders.forwarded([
            #"for=192.0.2.60;proto=http;by=203.0.113.43, For="[2001:db8:cafe::17]:4711""#,
            #"for=unknown, for=_hidden, for="_gazonk", proto=https, for="198.51.100.17:_port", for=example.com"#,
        ])
        #expect(
            nodes == [
                address("192.0.2.60"), address("2001:db8:cafe::17"), .undisclosed, .undisclosed, .undisclosed,
                .undisclosed, address("198.51.100.17"), .invalid,
            ]
        )
    }

    @Test func forwardedUnescapesQuotedPairs() {
        #expect(ForwardedHeaders.forwarded([#"for="\1\9\2.0.2.1""#]) == [address("192.0.2.1")])
        #expect(ForwardedHeaders.forwarded([#"for="\"", for=192.0.2.1"#]) == [.invalid, address("192.0.2.1")])
        #expect(ForwardedHeaders.forwarded([#"host="a,b;c", for=192.0.2.1"#]) == [.undisclosed, address("192.0.2.1")])
    }

    @Test func forwardedAllowsEmptyListElementsAndPairs() {
        #expect(ForwardedHeaders.forwarded([" , for=192.0.2.1 ,, "]) == [address("192.0.2.1")])
        #expect(ForwardedHeaders.forwarded([";for=192.0.2.1;"]) == [address("192.0.2.1")])
    }

    @Test(arguments: [
        #"for=""#, #"for="\"#, "for", "for=", "=1", "for==1", "for=1.2.3.4;FOR=1.2.3.5", "for=[::1]", "for=a b",
        "for=\u{7F}", "for=\"\u{0}\"", ",", " ", "", "for=1;;x", "for=1;x", #"for="a"b"#, "for=é",
    ])
    func malformedForwardedIsNil(value: String) {
        #expect(ForwardedHeaders.forwarded([value]) == nil)
        #expect(ForwardedHeaders.forwarded(["for=192.0.2.1", value]) == nil)
    }

    @Test func xForwardedForKeepsEveryEntry() {
        let nodes = ForwardedHeaders.xForwardedFor([
            "192.0.2.1:80, [2001:db8::1]:443, 2001:db8::2, unknown, UNKNOWN, _hidden, junk, 1.2.3.4:123456, ,",
            "[1.2.3.4], 192.0.2.2",
        ])
        #expect(
            nodes == [
                address("192.0.2.1"), address("2001:db8::1"), address("2001:db8::2"), .undisclosed, .undisclosed,
                .invalid, .invalid, .invalid, .invalid, address("192.0.2.2"),
            ]
        )
        #expect(ForwardedHeaders.xForwardedFor([]) == nil)
        #expect(ForwardedHeaders.xForwardedFor([String(repeating: "1", count: ForwardedHeaders.maxBytes)]) == nil)
    }

    @Test func singleAddress() {
        #expect(ForwardedHeaders.singleAddress(["\t192.0.2.1 "]) == IPAddress("192.0.2.1"))
        #expect(ForwardedHeaders.singleAddress(["192.0.2.1", "192.0.2.1"]) == nil)
        #expect(ForwardedHeaders.singleAddress([]) == nil)
        #expect(ForwardedHeaders.singleAddress(["[2001:db8::1]"]) == nil)
        #expect(ForwardedHeaders.singleAddress([String(repeating: " ", count: 100) + "192.0.2.1"]) == nil)
    }

    /// Random mixes of the characters that matter to the grammars: no trap, and a result only ever made of whole
    /// elements (never more hops than list elements).
    @Test func arbitraryInputNeverTrapsOrOverreads() {
        var generator = SplitMix64(seed: 0x7261_6666_696B)
        let alphabet = Array(#"for=,;"\ _[]:.019afkunowé"#.unicodeScalars) + ["\t", "\u{0}", "\u{7F}"]
        for _ in 0..<20_000 {
            let length = Int(generator.next() % 40)
            let text = String(
                String.UnicodeScalarView(
                    (0..<length).map { _ in
                        alphabet[Int(generator.next() % UInt64(alphabet.count))]
                    }
                )
            )
            let elements = text.split(separator: ",", omittingEmptySubsequences: false).count
            if let nodes = ForwardedHeaders.forwarded([text]) { #expect(nodes.count <= elements) }
            if let nodes = ForwardedHeaders.xForwardedFor([text]) { #expect(nodes.count <= elements) }
            _ = ForwardedHeaders.singleAddress([text])
        }
    }
}

/// A small deterministic generator, so that a failure repeats.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
