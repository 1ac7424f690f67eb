// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import Testing

@testable import TraffikRedis

/// Replies of cluster nodes that name impossible slots or addresses: each is a protocol error, never a trap.
@Suite struct RedisClusterReplyTests {
    private let node = RedisNodeAddress(host: "10.0.0.7", port: 7000)

    private func slotMap(_ ranges: [RESPValue]) throws -> RedisSlotMap {
        try RedisSlotMap(clusterSlots: .array(ranges), queried: node)
    }

    private func range(_ start: Int64, _ end: Int64, host: String = "10.0.0.8", port: Int64 = 7001) -> RESPValue {
        .array([.integer(start), .integer(end), .array([.bulkString(Array(host.utf8)), .integer(port)])])
    }

    private func kind(_ body: () throws -> Void) -> RedisClientError.Kind? {
        do {
            try body()
            return nil
        } catch {
            return (error as? RedisClientError)?.kind
        }
    }

    // MARK: - MOVED and ASK

    @Test(arguments: [
        "MOVED 20000 10.0.0.8:7001",  // slot past 16383
        "MOVED -1 10.0.0.8:7001",  // negative slot
        "MOVED 16384 10.0.0.8:7001",  // one past the last slot
        "MOVED 99999999999999999999 10.0.0.8:7001",  // a slot past Int
        "MOVED 42 10.0.0.8:0",  // port 0
        "MOVED 42 10.0.0.8:65536",  // port past 65535
        "MOVED 42 10.0.0.8:-7001",  // negative port
        "MOVED 42 10.0.0.8",  // no port
        "MOVED 42",  // no address
        "ASK 20000 10.0.0.8:7001",
        "ASK 42 10.0.0.8:99999999999",
        "ASK 42 :0",
    ])
    func aRedirectWithAnImpossibleSlotOrPortIsAProtocolError(message: String) {
        let error = RedisServerError(message: message)
        #expect(error.isMalformedRedirect)
        guard case .other = error.kind else {
            Issue.record("\(message) classified as \(error.kind)")
            return
        }
        // Before, MOVED 20000 became a redirect, and recording it in the slot map trapped (slot out of range).
        #expect(kind { _ = try RedisClusterClient.redirect(in: [.error(message)], from: node) } == .protocolError)
    }

    @Test func aWellFormedRedirectIsFollowed() throws {
        let moved = try RedisClusterClient.redirect(in: [.error("MOVED 16383 10.0.0.8:65535")], from: node)
        #expect(moved == .moved(slot: 16383, RedisNodeAddress(host: "10.0.0.8", port: 65535)))
        let ask = try RedisClusterClient.redirect(in: [.error("ASK 0 :1")], from: node)
        #expect(ask == .ask(RedisNodeAddress(host: "10.0.0.7", port: 1)), "an empty host is the node asked")
        #expect(try RedisClusterClient.redirect(in: [.error("ERR MOVED elsewhere")], from: node) == nil)
        #expect(!RedisServerError(message: "ERR MOVED 20000 x:0").isMalformedRedirect)
    }

    @Test func aRedirectOrRangeNamingAHostThatCannotBeOneIsAProtocolError() {
        let long = String(repeating: "h", count: 300)
        let control = "evil\u{1B}[2J"
        for host in [long, control] {
            #expect(
                kind { _ = try RedisClusterClient.redirect(in: [.error("MOVED 1 \(host):7001")], from: node) }
                    == .protocolError
            )
            #expect(kind { _ = try slotMap([range(0, 16383, host: host)]) } == .protocolError)
        }
    }

    @Test func theSlotMapIgnoresSlotsOutsideTheCluster() {
        var map = RedisSlotMap()
        map.assign(20000, to: node)  // trapped before: the owners table has 16,384 entries
        map.assign(-1, to: node)
        #expect(map.primary(for: 20000) == nil)
        #expect(map.primary(for: -1) == nil)
        #expect(map.primaries.isEmpty)
    }

    @Test func movedRepliesNamingEndlessNewNodesKeepTheMapBounded() {
        var map = RedisSlotMap()
        for index in 0..<40_000 {
            // Before, the 32,768th new node trapped converting its index to Int16.
            map.assign(index % 2, to: RedisNodeAddress(host: "node-\(index)", port: 7000))
        }
        #expect(map.primaries.count <= RedisHashSlot.count + 1)
        #expect(map.primary(for: 0) == RedisNodeAddress(host: "node-39998", port: 7000))
        #expect(map.primary(for: 1) == RedisNodeAddress(host: "node-39999", port: 7000))
    }

    @Test func redirectsToEverNewNodesOpenABoundedNumberOfPools() async throws {
        // Before, every new node a MOVED named got a pool of its own, without end.
        let cluster = RedisClusterClient(configuration: RedisClusterConfiguration(seeds: [node]))
        for index in 0..<RedisClusterClient.maximumNodes {
            _ = try cluster.node(RedisNodeAddress(host: "10.1.\(index / 256).\(index % 256)", port: 7000))
        }
        #expect(kind { _ = try cluster.node(RedisNodeAddress(host: "10.9.9.9", port: 7000)) } == .protocolError)
        #expect(kind { _ = try cluster.node(RedisNodeAddress(host: "10.1.0.0", port: 7000)) } == nil, "known nodes")
        await cluster.close()
    }

    // MARK: - CLUSTER SLOTS

    @Test func aWellFormedClusterSlotsReplyIsRead() throws {
        let map = try slotMap([range(0, 8191), range(8192, 16383, host: "", port: 7002)])
        #expect(map.primary(for: 0) == RedisNodeAddress(host: "10.0.0.8", port: 7001))
        #expect(map.primary(for: 16383) == RedisNodeAddress(host: "10.0.0.7", port: 7002))
    }

    @Test func aPortOutsideTheValidRangeIsAProtocolError() {
        // Before, port 0 and port 70000 were accepted, and the client built for the node trapped in a precondition.
        #expect(kind { _ = try slotMap([range(0, 16383, port: 0)]) } == .protocolError)
        #expect(kind { _ = try slotMap([range(0, 16383, port: 70_000)]) } == .protocolError)
        #expect(kind { _ = try slotMap([range(0, 16383, port: -1)]) } == .protocolError)
        #expect(kind { _ = try slotMap([range(0, 16383, port: .max)]) } == .protocolError)
    }

    @Test func slotRangesOutsideTheClusterOrBackwardsAreProtocolErrors() {
        #expect(kind { _ = try slotMap([range(0, 16384)]) } == .protocolError)
        #expect(kind { _ = try slotMap([range(20000, 20001)]) } == .protocolError)
        #expect(kind { _ = try slotMap([range(-5, 10)]) } == .protocolError)
        #expect(kind { _ = try slotMap([range(100, 50)]) } == .protocolError)
        #expect(kind { _ = try slotMap([range(.min, .max)]) } == .protocolError)
    }

    @Test func overlappingRangesAreAProtocolError() {
        // Overlaps would let a reply of a few MB make the client fill 16,384 slots once per range.
        #expect(kind { _ = try slotMap([range(0, 100), range(100, 200)]) } == .protocolError)
        let everySlotTwice = Array(repeating: range(0, 16383), count: 3)
        #expect(kind { _ = try slotMap(everySlotTwice) } == .protocolError)
    }

    @Test(arguments: [
        RESPValue.integer(1),
        .bulkString(Array("slots".utf8)),
        .array([.integer(0)]),
        .array([.array([.integer(0), .integer(10)])]),
        .array([.array([.integer(0), .integer(10), .integer(7)])]),
        .array([.array([.integer(0), .integer(10), .array([.bulkString(Array("h".utf8))])])]),
        .array([.array([.integer(0), .integer(10), .array([.integer(7), .integer(7001)])])]),
        .array([.array([.bulkString(Array("x".utf8)), .integer(10), .array([.bulkString([104]), .integer(1)])])]),
    ])
    func aClusterSlotsReplyOfTheWrongShapeIsAProtocolError(reply: RESPValue) {
        #expect(kind { _ = try RedisSlotMap(clusterSlots: reply, queried: node) } == .protocolError)
    }

    @Test func aProtocolErrorQuotesOnlyTheStartOfAHugeReply() {
        let ranges = (0..<16_384).map { range(Int64($0), Int64($0), host: "node-\($0)") } + [range(0, 0, port: 0)]
        let error = #expect(throws: RedisClientError.self) { try slotMap(ranges) }
        #expect(error?.kind == .protocolError)
        #expect((error?.description.utf8.count ?? .max) < 600, "\(error?.description.utf8.count ?? 0) bytes")
        #expect(error?.description.contains("bytes in all") == true)
    }
}
