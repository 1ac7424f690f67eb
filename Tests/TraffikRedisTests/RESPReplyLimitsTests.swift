// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import StoreTestSupport
import Testing
import TraffikRedis

/// The decoder's bounds on what a broken or hostile server can make the client buffer.
@Suite struct RESPReplyLimitsTests {
    /// Feeds `chunks` one after the other, as a connection receives them, and returns the error the decoder threw.
    private func error(feeding chunks: [[UInt8]], limits: RESPReplyLimits = RESPReplyLimits()) -> RedisClientError? {
        var decoder = RESPDecoder(limits: limits)
        var buffer = ByteBuffer()
        do {
            for chunk in chunks {
                buffer.writeBytes(chunk)
                while try decoder.decode(buffer: &buffer) != nil {}
            }
            return nil
        } catch {
            return error as? RedisClientError
        }
    }

    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func theDefaultsFitARateLimiterNotAGigabyte() {
        let limits = RESPReplyLimits()
        #expect(limits.maximumBulkLength == 1024 * 1024)
        #expect(limits.maximumReplySize == 16 * 1024 * 1024)
        #expect(limits.maximumArrayLength >= RedisHashSlot.count, "a CLUSTER SLOTS of one range a slot fits")
        #expect(limits.maximumBulkLength >= 10_000 * 16 * 2, "a sliding-window log at its cap fits, twice over")
    }

    @Test func aBulkStringAnnouncedPastTheLimitIsRefusedAtOnce() {
        // Before, 2 MiB (up to 512 MiB) was accepted and buffered while it trickled in.
        let refused = error(feeding: [bytes("$2097152\r\n")])
        #expect(refused?.kind == .protocolError)
        #expect(error(feeding: [bytes("$1048576\r\n")]) == nil, "1 MiB is still awaited")
    }

    @Test func anArrayAnnouncedPastTheLimitIsRefusedAtOnce() {
        #expect(error(feeding: [bytes("*100000\r\n")])?.kind == .protocolError)
        #expect(error(feeding: [bytes("*2147483647\r\n")])?.kind == .protocolError)
    }

    @Test func aLineThatNeverEndsIsRefusedPastTheLineLimit() {
        // 70 KiB with no CRLF: refused, not buffered until the command times out.
        let line = bytes("+") + [UInt8](repeating: UInt8(ascii: "x"), count: 70 * 1024)
        #expect(error(feeding: [line])?.kind == .protocolError)
        // The same line arriving whole, CRLF and all, is refused too.
        #expect(error(feeding: [line + bytes("\r\n")])?.kind == .protocolError)
        #expect(error(feeding: [bytes("-ERR ") + line + bytes("\r\n")])?.kind == .protocolError)
    }

    @Test func aReplyPastTheReplySizeIsRefusedWhileItArrives() {
        // Twenty bulk strings of 1 MiB each, every one within the bulk limit, 20 MiB in all.
        let megabyte = [UInt8](repeating: UInt8(ascii: "v"), count: 1024 * 1024)
        let element = bytes("$\(megabyte.count)\r\n") + megabyte + bytes("\r\n")
        var chunks = [bytes("*20\r\n")]
        for _ in 0..<17 { chunks.append(element) }
        let refused = error(feeding: chunks)
        #expect(refused?.kind == .protocolError)
        #expect(refused?.message.contains("16777216") == true, "\(refused?.message ?? "")")
    }

    @Test func aReplyWhoseBulkWouldPassTheReplySizeIsRefusedBeforeItsBytesArrive() {
        let limits = RESPReplyLimits(maximumReplySize: 64)
        #expect(error(feeding: [bytes("*2\r\n$40\r\n")], limits: limits) == nil)
        let second = [UInt8](repeating: 65, count: 40) + bytes("\r\n$40\r\n")
        #expect(error(feeding: [bytes("*2\r\n$40\r\n"), second], limits: limits)?.kind == .protocolError)
    }

    @Test func aTrickledReplyIsRefusedOnceItsBufferedBytesPassTheReplySize() {
        let limits = RESPReplyLimits(maximumReplySize: 100)
        var chunks = [bytes("*1000\r\n")]
        for _ in 0..<40 { chunks.append(bytes(":1\r\n")) }
        #expect(error(feeding: chunks, limits: limits)?.kind == .protocolError)
    }

    @Test func theValuesOfOneReplyAreCountedAtEveryDepth() {
        let limits = RESPReplyLimits(maximumElements: 10)
        let nested = "*3\r\n" + String(repeating: "*3\r\n:1\r\n:2\r\n:3\r\n", count: 3)  // 13 values
        #expect(error(feeding: [bytes(nested)], limits: limits)?.kind == .protocolError)
        let fits = "*3\r\n" + String(repeating: "*2\r\n:1\r\n:2\r\n", count: 3)  // 10 values
        #expect(error(feeding: [bytes(fits)], limits: limits) == nil)
    }

    @Test func nestingPastTheDefaultDepthIsRefused() {
        let deep = String(repeating: "*1\r\n", count: 17) + ":1\r\n"
        #expect(error(feeding: [bytes(deep)])?.kind == .protocolError)
        let clusterSlotsDepth = String(repeating: "*1\r\n", count: 4) + ":1\r\n"
        #expect(error(feeding: [bytes(clusterSlotsDepth)]) == nil)
    }

    @Test func limitsAsLargeAsIntAllowDoNotOverflow() {
        let limits = RESPReplyLimits(
            maximumDepth: .max,
            maximumBulkLength: .max,
            maximumArrayLength: .max,
            maximumElements: .max,
            maximumLineLength: .max,
            maximumReplySize: .max
        )
        // Refused (no reply can hold them) rather than trapping on the arithmetic.
        #expect(error(feeding: [bytes("$9223372036854775807\r\n")], limits: limits)?.kind == .protocolError)
        #expect(error(feeding: [bytes("*9223372036854775807\r\n")], limits: limits)?.kind == .protocolError)
        #expect(error(feeding: [bytes("*2\r\n$3\r\nabc\r\n+OK\r\n")], limits: limits) == nil)
    }

    @Test func limitsBelowOneAreAConfigurationError() {
        var configuration = RedisConfiguration()
        configuration.replyLimits.maximumReplySize = 0
        #expect(throws: RedisClientError.self) { try configuration.validate() }
    }
}
