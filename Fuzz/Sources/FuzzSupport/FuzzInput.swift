// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// The fuzzer's bytes, read front to back as the parameters of one run: numbers, choices, then the rest as the
/// input under test. Reading past the end gives zeros, so every byte string is a valid run.
public struct FuzzInput {
    private let bytes: [UInt8]
    private var index = 0

    /// The input of one run.
    public init(_ data: UnsafePointer<UInt8>?, _ size: Int) {
        bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    }

    /// The input of one run, from bytes.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Whether every byte has been read.
    public var isAtEnd: Bool { index >= bytes.count }

    /// The next byte, or 0 past the end.
    public mutating func byte() -> UInt8 {
        guard index < bytes.count else { return 0 }
        defer { index += 1 }
        return bytes[index]
    }

    /// The next eight bytes as an unsigned number, little-endian.
    public mutating func uint64() -> UInt64 {
        (0..<8).reduce(0) { value, shift in value | UInt64(byte()) << (8 * UInt64(shift)) }
    }

    /// The next eight bytes as a signed number.
    public mutating func int64() -> Int64 { Int64(bitPattern: uint64()) }

    /// The next eight bytes as an `Int`.
    public mutating func int() -> Int { Int(truncatingIfNeeded: int64()) }

    /// One of `choices`, chosen by the next byte.
    public mutating func choice<T>(_ choices: [T]) -> T { choices[Int(byte()) % choices.count] }

    /// A number in `range`, from the next eight bytes.
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        let span = UInt64(bitPattern: Int64(range.upperBound)) &- UInt64(bitPattern: Int64(range.lowerBound))
        guard span < UInt64.max else { return int() }
        return range.lowerBound &+ Int(truncatingIfNeeded: uint64() % (span + 1))
    }

    /// The bytes up to the next `separator` (not included, and skipped), or all that is left.
    public mutating func bytes(upTo separator: UInt8) -> [UInt8] {
        let start = min(index, bytes.count)
        let end = bytes[start...].firstIndex(of: separator) ?? bytes.count
        index = min(end + 1, bytes.count + 1)
        return Array(bytes[start..<end])
    }

    /// Everything not yet read.
    public mutating func rest() -> [UInt8] {
        let start = min(index, bytes.count)
        index = bytes.count
        return Array(bytes[start...])
    }
}

/// Stops the run with a message when an invariant does not hold: libFuzzer records the input as a crash.
public func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("invariant violated: \(message())") }
}
