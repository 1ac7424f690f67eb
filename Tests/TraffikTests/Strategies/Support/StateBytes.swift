// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
@_spi(Backend) import Traffik

/// Every proper prefix of `bytes`, and `bytes` under any other tag, decode as `nil`.
func expectEveryTruncationAndRetagIsRejected<State: StrategyState>(
    _ bytes: [UInt8],
    as type: State.Type,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let truncated = (0..<bytes.count).filter { State.decode(Array(bytes.prefix($0))) != nil }
    #expect(truncated.isEmpty, "prefixes of length \(truncated) decoded", sourceLocation: sourceLocation)
    var retagged = bytes
    let accepted = (UInt8.min...UInt8.max).filter { tag in
        retagged[0] = tag
        return tag != State.formatTag && State.decode(retagged) != nil
    }
    #expect(accepted.isEmpty, "tags \(accepted) decoded", sourceLocation: sourceLocation)
}

/// The eight bytes a state writer writes for `value`.
func int64Bytes(_ value: Int64) -> [UInt8] {
    var writer = StateWriter()
    writer.write(value)
    return writer.bytes
}
