// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// A strategy's state for one key: a small value that encodes to compact bytes.
///
/// The in-memory backend keeps these bytes in its table; Redis and Memcached store the same bytes, so one encoding
/// serves every backend. Integers are little-endian `Int64`s behind a one-byte format tag; bytes with another tag,
/// too short, or holding a value no strategy writes (a negative count or level) decode as "no state", so corrupt
/// or foreign values never raise at request time.
public protocol StrategyState: Sendable, Equatable {
    /// The first byte of every encoding; distinct for each state type.
    static var formatTag: UInt8 { get }
    /// Reads the fields written by ``encode(to:)``, or returns `nil` when they are not there.
    init?(from reader: inout StateReader)
    /// Writes the fields after the format tag.
    func encode(to writer: inout StateWriter)
}

extension StrategyState {
    /// The state as bytes, tag first.
    public func encoded() -> [UInt8] {
        var writer = StateWriter()
        encode(into: &writer)
        return writer.bytes
    }

    /// Writes the tag and fields into `writer`.
    public func encode(into writer: inout StateWriter) {
        writer.bytes.append(Self.formatTag)
        encode(to: &writer)
    }

    /// Decodes `bytes` written by ``encoded()``; `nil` when the tag or length is wrong.
    public static func decode(_ bytes: [UInt8]) -> Self? {
        bytes.withUnsafeBytes { raw in
            var reader = StateReader(raw)
            guard reader.readTag() == formatTag else { return nil }
            return Self(from: &reader)
        }
    }
}

/// Appends little-endian integers to a byte buffer.
public struct StateWriter: Sendable {
    /// The bytes written so far.
    public var bytes: [UInt8]

    /// Creates an empty writer.
    public init() { bytes = [] }

    /// Appends `value` as 8 little-endian bytes.
    public mutating func write(_ value: Int64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}

/// Reads little-endian integers from a byte buffer, failing softly at the end.
public struct StateReader {
    private let raw: UnsafeRawBufferPointer
    private var offset = 0

    /// Creates a reader over `raw`, which must outlive it.
    public init(_ raw: UnsafeRawBufferPointer) { self.raw = raw }

    mutating func readTag() -> UInt8? {
        guard offset < raw.count else { return nil }
        defer { offset += 1 }
        return raw[offset]
    }

    /// The next 8 bytes as an `Int64`, or `nil` at the end.
    public mutating func readInt64() -> Int64? {
        guard raw.count - offset >= 8 else { return nil }
        defer { offset += 8 }
        return Int64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int64.self))
    }

    /// The number of bytes not read yet.
    public var remainingCount: Int { raw.count - offset }
}
