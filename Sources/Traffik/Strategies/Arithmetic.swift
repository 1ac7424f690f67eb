// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// Integer helpers shared by the strategies and the backends of this package. All of them are exact; none of them
/// traps on overflow.

/// `a / b` rounded toward positive infinity, for `b > 0`.
@inline(__always)
func ceilDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let quotient = a / b
    return (a % b > 0) ? quotient + 1 : quotient
}

/// `a / b` rounded toward negative infinity, for `b > 0`.
@inline(__always)
package func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let quotient = a / b
    return (a % b < 0) ? quotient - 1 : quotient
}

/// `a * b`, clamped to the range of `Int64`.
@inline(__always)
func mulClamped(_ a: Int64, _ b: Int64) -> Int64 {
    let (product, overflow) = a.multipliedReportingOverflow(by: b)
    if !overflow { return product }
    return (a < 0) != (b < 0) ? .min : .max
}

/// `a + b`, clamped to the range of `Int64`.
@inline(__always)
func addClamped(_ a: Int64, _ b: Int64) -> Int64 {
    let (sum, overflow) = a.addingReportingOverflow(b)
    if !overflow { return sum }
    return b < 0 ? .min : .max
}

/// An `Int64` as an `Int`, clamped (a no-op on 64-bit platforms).
@inline(__always)
func clampedInt(_ value: Int64) -> Int {
    Int(clamping: value)
}
