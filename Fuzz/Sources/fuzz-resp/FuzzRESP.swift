// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import FuzzSupport
@testable import TraffikRedis

/// The RESP2 decoder on any bytes, as a server might send them: it must throw or decode, never trap or loop, and
/// decode the same replies however the bytes are split.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRESP(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    requireSplitInvariance({ RESPDecoder() }, &input, describe: { "\($0)" })
    return 0
}
