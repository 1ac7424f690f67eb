import Testing

@testable import TraffikMemcached

@Suite struct MemcachedKeyTests {
    @Test func sha256MatchesTheStandardVectors() {
        func hex(_ text: String) -> String {
            SHA256.digest(Array(text.utf8)).map {
                String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16)
            }
            .joined()
        }
        #expect(hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        )
    }

    @Test func plainKeysGoAsTheyAre() {
        let key = MemcachedKey("traffik:1:api:10.0.0.1")
        #expect(!key.isBase64)
        #expect(key.description == "traffik:1:api:10.0.0.1")
    }

    @Test func spacesControlCharactersAndOtherBytesGoInBase64() {
        for identity in ["a b", "tab\t", "ünï", "\u{7F}", ""] {
            let key = MemcachedKey(identity)
            #expect(key.isBase64, "\(identity)")
            #expect(key.bytes == Array(identity.utf8), "the exact bytes are stored")
        }
        #expect(MemcachedKey("a b").description == "YSBi")
    }

    @Test func longKeysAreShortenedByTheirDigest() {
        let long = String(repeating: "x", count: 251)
        let key = MemcachedKey(long)
        #expect(key.description.count <= MemcachedKey.maximumLength)
        #expect(key.description.hasPrefix(String(repeating: "x", count: 64) + "#"))
        #expect(MemcachedKey(long + "y") != key)
        #expect(MemcachedKey(String(repeating: "x", count: 250)).description.count == 250, "250 bytes still fit")
        // Too long for base64: shortened first, then encoded.
        let spaced = MemcachedKey(String(repeating: "a b ", count: 50))
        #expect(spaced.isBase64 && spaced.description.count <= MemcachedKey.maximumLength)
    }

    @Test func expiriesRoundUpToSecondsWithOneToSpare() {
        #expect(MemcachedExpiry(nil).token == 0)
        #expect(MemcachedExpiry(.zero).token == -1)
        #expect(MemcachedExpiry(.milliseconds(1)).token == 2)
        #expect(MemcachedExpiry(.seconds(1)).token == 2)
        #expect(MemcachedExpiry(.milliseconds(1_500)).token == 3)
        #expect(MemcachedExpiry(.seconds(30 * 24 * 3600)).token > 1_000_000_000, "past 30 days: a Unix time")
    }

    @Test func rendezvousHashingIsStableAndMovesOnlyARemovedNodesKeys() {
        let nodes = (0..<4).map { MemcachedServer(host: "10.0.0.\($0)") }
        let all = RendezvousHashing(nodes: nodes)
        let reordered = RendezvousHashing(nodes: nodes.reversed())
        let withoutLast = RendezvousHashing(nodes: Array(nodes.dropLast()))
        var counts = [0, 0, 0, 0]
        for index in 0..<4_000 {
            let key = Array("key-\(index)".utf8)
            let node = all.node(for: key)
            counts[node] += 1
            #expect(3 - reordered.node(for: key) == node, "the order of the list does not matter")
            if node != 3 { #expect(withoutLast.node(for: key) == node, "keys of the other nodes stay put") }
        }
        #expect(counts.allSatisfy { (800...1_200).contains($0) }, "\(counts)")
    }
}
