// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import Traffik

/// Charges an upload by the bytes actually read, one unit per KiB begun (at least one), as the body streams in.
///
/// What the client declares (`Content-Length`, or nothing for a chunked upload) never sets the price: it only lets
/// a body declared larger than ``maxBytes`` be refused before it is read. The first unit is charged before any byte
/// is read, then each chunk is charged for the KiB it begins; the upload stops at the first refusal, so a client
/// out of budget cannot make the server read (or store) more than one chunk past it. All arithmetic saturates or
/// divides: no length, declared or read, can trap.
struct UploadMeter: Sendable {
    /// The largest body accepted, in bytes: 16 MiB. Beyond it the upload is refused with 413.
    static let maxBytes = 16 << 20

    /// How an upload ended.
    enum Outcome: Sendable {
        /// Every byte was read and paid for; `decision` is the last charge's (for the response headers).
        case stored(bytes: Int, decision: Decision)
        /// The throttle refused a charge; nothing more was read.
        case refused(Decision)
        /// The body (declared or read) is larger than ``maxBytes``.
        case tooLarge
    }

    /// The bytes read so far (saturating at `Int.max`).
    private(set) var bytes = 0
    /// The units charged so far.
    private(set) var charged = 0

    /// The cost of an upload of `bytes` bytes: its size in KiB, rounded up, at least 1. Defined for every `Int`
    /// (`Int.max` costs `Int.max / 1024 + 1`).
    static func kibibytes(_ bytes: Int) -> Int {
        guard bytes > 0 else { return 1 }
        let (whole, rest) = bytes.quotientAndRemainder(dividingBy: 1024)
        return rest == 0 ? whole : whole + 1
    }

    /// Whether a declared `Content-Length` already exceeds ``maxBytes`` (a value that is not a number says nothing:
    /// the bytes read decide).
    static func declaresTooMuch(_ contentLength: String?) -> Bool {
        guard let contentLength, let declared = UInt64(contentLength) else { return false }
        return declared > UInt64(maxBytes)
    }

    /// Records `count` more bytes read and returns the units they add to the bill (0 while within a KiB already
    /// paid for), or `nil` once the body exceeds ``maxBytes``.
    mutating func read(_ count: Int) -> Int? {
        let (sum, overflow) = bytes.addingReportingOverflow(max(0, count))
        bytes = overflow ? .max : sum
        guard bytes <= Self.maxBytes else { return nil }
        return owed()
    }

    /// The units owed beyond those charged, which the caller then charges.
    mutating func owed() -> Int {
        let due = Self.kibibytes(bytes) - charged
        charged += due
        return due
    }

    /// Streams `body`, charging `throttle` for `input` as the bytes arrive.
    static func meter<Input: ThrottleInput, Body: AsyncSequence>(
        _ body: Body,
        contentLength: String?,
        throttle: Throttle<Input>,
        input: Input
    ) async throws -> Outcome where Body.Element == ByteBuffer {
        if declaresTooMuch(contentLength) { return .tooLarge }
        var meter = UploadMeter()
        var decision = try await throttle.hit(input, cost: meter.owed())
        guard decision.isAllowed else { return .refused(decision) }
        for try await chunk in body {
            guard let units = meter.read(chunk.readableBytes) else { return .tooLarge }
            guard units > 0 else { continue }
            decision = try await throttle.hit(input, cost: units)
            guard decision.isAllowed else { return .refused(decision) }
        }
        return .stored(bytes: meter.bytes, decision: decision)
    }
}
