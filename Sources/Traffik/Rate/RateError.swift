// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// Why a rate could not be built, naming the part of the input that is wrong.
///
/// ```swift
/// do { _ = try Rate(parsing: "5/fortnight") } catch {
///     print(error)  // invalid rate "5/fortnight": unknown unit "fortnight" (expected ms, s, min, h or d)
/// }
/// ```
public struct RateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The part of a rate that an error is about.
    public enum Part: String, Sendable, Hashable {
        /// The overall shape (`LIMIT/PERIOD` or `LIMIT per PERIOD`).
        case format
        /// The number of units before the separator.
        case limit
        /// The multiplier before the unit (the `30` of `10/30s`).
        case multiplier
        /// The unit (`s`, `min`, ...).
        case unit
        /// The period as a whole.
        case period
    }

    /// The text that was parsed, as given.
    public let input: String
    /// The part that is wrong.
    public let part: Part
    /// A sentence saying what is wrong.
    public let reason: String

    /// Creates an error.
    public init(input: String, part: Part, reason: String) {
        self.input = input
        self.part = part
        self.reason = reason
    }

    public var description: String { "invalid rate \"\(input)\": \(reason)" }
}
