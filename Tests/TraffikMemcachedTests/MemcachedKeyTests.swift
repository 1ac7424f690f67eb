// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import Testing

@testable import TraffikMemcached

@Suite struct MemcachedKeyTests {
    @Test func theShortenedFormCarriesTheSHA256OfTheWholeKey() {
        let key = MemcachedKey(String(repeating: "a", count: 1_000))
        #expect(
            key.description
                == String(repeating: "a", count: 64)
                + "#41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"
        )
        #expect(MemcachedKey.hasShortenedShape(key.bytes))
    }

    @Test func noKeySentAsItIsEqualsAnotherKeysShortenedForm() {
        for long in [String(repeating: "x", count: 300), String(repeating: "é ", count: 100)] {
            let shortened = MemcachedKey(long)
            let forged = MemcachedKey(bytes: shortened.bytes)
            #expect(forged.bytes != shortened.bytes, "a key shaped like a shortened one is shortened too")
            #expect(MemcachedKey.hasShortenedShape(forged.bytes))
        }
        // Near misses of the shape go as they are.
        let shape = Array(String(repeating: "x", count: 64).utf8) + [UInt8(ascii: "#")]
        for tail in [
            String(repeating: "A", count: 64), String(repeating: "a", count: 63), String(repeating: "a", count: 65),
        ] {
            let bytes = shape + Array(tail.utf8)
            #expect(MemcachedKey(bytes: bytes).bytes == bytes)
        }
    }

    @Test func distinctKeysAreDistinctItems() {
        // Keys around every length where the form changes, of plain and unsafe bytes, and the shortened forms of
        // some of them fed back in as keys.
        var generator = SystemRandomNumberGenerator()
        let alphabets: [[UInt8]] = [Array("ab#".utf8), Array("a b".utf8), Array("0123456789abcdef#x".utf8)]
        var keys: Set<[UInt8]> = []
        for _ in 0..<400 {
            let alphabet = alphabets.randomElement(using: &generator)!
            let length = [1, 2, 128, 129, 130, 186, 187, 188, 249, 250, 251, 400].randomElement(using: &generator)!
            keys.insert((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
        }
        keys.formUnion(keys.map { MemcachedKey(bytes: $0).bytes })
        var items: [[UInt8]: [UInt8]] = [:]
        for key in keys {
            let item = MemcachedKey(bytes: key)
            #expect(item.description.utf8.count <= MemcachedKey.maximumLength)
            if let other = items[item.bytes] { #expect(other == key, "two keys share the item \(item)") }
            items[item.bytes] = key
        }
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
