// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// Highest-random-weight (rendezvous) hashing: each key goes to the node that scores highest for it.
///
/// Every client that lists the same nodes picks the same node for a key, in any order of the list. Adding or
/// removing a node moves only the keys that node wins or held (about 1/n of them); no other key changes node.
struct RendezvousHashing: Sendable {
    /// A per-node seed, from the node's `host:port`.
    private let seeds: [UInt64]

    init(nodes: [MemcachedServer]) {
        seeds = nodes.map { Self.fnv1a(Array("\($0.host):\($0.port)".utf8)) }
    }

    /// The index of the node that holds `key`.
    func node(for key: [UInt8]) -> Int {
        guard seeds.count > 1 else { return 0 }
        let keyHash = Self.fnv1a(key)
        var best = 0
        var bestScore: UInt64 = 0
        for (index, seed) in seeds.enumerated() {
            let score = Self.mix(keyHash ^ Self.mix(seed))
            if index == 0 || score > bestScore {
                best = index
                bestScore = score
            }
        }
        return best
    }

    /// 64-bit FNV-1a.
    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return hash
    }

    /// The SplitMix64 finaliser: spreads every input bit over the whole word.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
