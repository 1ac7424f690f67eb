// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import FuzzSupport
import Traffik

/// `Rate(parsing:)` on any text (a rate may come from tenant data): it throws or gives a rate strategies can count
/// exactly, which its description gives back.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRate(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let text = String(decoding: input.rest(), as: UTF8.self)
    guard let rate = try? Rate(parsing: text) else { return 0 }
    if rate.isUnlimited {
        require(rate == .unlimited, "an unlimited rate other than Rate.unlimited from \(text.debugDescription)")
    } else {
        require(rate.limit >= 1, "limit \(rate.limit) from \(text.debugDescription)")
        require(rate.periodMicroseconds >= 1, "period \(rate.periodMicroseconds) µs from \(text.debugDescription)")
        let (work, overflow) = Int64(rate.limit).multipliedReportingOverflow(by: rate.periodMicroseconds)
        require(!overflow && work <= Rate.maximumWork, "work of \(rate) from \(text.debugDescription)")
    }
    let again = try? Rate(parsing: rate.description)
    require(again == rate, "\(rate) (from \(text.debugDescription)) reads back as \(String(describing: again))")
    return 0
}
