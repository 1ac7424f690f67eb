// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import FuzzSupport
import TraffikHTTP

/// `PathPattern` on any pattern and path (a path is the client's): the match must agree with a plain
/// dynamic-programming matcher written from the documented rules, in time linear in pattern × path (libFuzzer's
/// `-timeout` turns a backtracking blow-up into a finding).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPathPattern(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let pattern = String(decoding: input.bytes(upTo: 0x0A), as: UTF8.self)
    let path = String(decoding: input.rest(), as: UTF8.self)
    let matched = PathPattern(pattern).matches(path)
    let expected = referenceMatch(pattern: pattern, path: path)
    require(
        matched == expected,
        "PathPattern(\(pattern.debugDescription)).matches(\(path.debugDescription)) is \(matched), expected \(expected)"
    )
    return 0
}

/// A pattern segment, as the documentation defines them.
enum Segment: Equatable {
    case literal(Substring)
    case one
    case anyDepth
}

/// The documented rules: segments split on `/` (empty ones ignored); `**` matches any number of segments, `*`, `:name`
/// and `{name}` exactly one, anything else itself.
func referenceMatch(pattern: String, path: String) -> Bool {
    let segments: [Segment] = pattern.split(separator: "/").map { segment in
        if segment == "**" { return .anyDepth }
        if segment == "*" || segment.first == ":" || (segment.first == "{" && segment.last == "}") { return .one }
        return .literal(segment)
    }
    let parts = path.split(separator: "/")
    // matches[j]: whether the segments so far match the first j parts.
    var matches = [Bool](repeating: false, count: parts.count + 1)
    matches[0] = true
    for segment in segments {
        var next = [Bool](repeating: false, count: parts.count + 1)
        switch segment {
        case .anyDepth:
            var reachable = false
            for j in 0...parts.count {
                reachable = reachable || matches[j]
                next[j] = reachable
            }
        case .one:
            for j in 0..<parts.count where matches[j] { next[j + 1] = true }
        case .literal(let literal):
            for j in 0..<parts.count where matches[j] && parts[j] == literal { next[j + 1] = true }
        }
        matches = next
    }
    return matches[parts.count]
}
