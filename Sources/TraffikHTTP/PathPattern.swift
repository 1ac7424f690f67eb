// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// A path pattern matched segment by segment: `*` (or a route parameter such as `:id` or `{id}`) matches exactly one
/// segment, `**` matches any number of segments, anything else matches itself.
///
/// ```swift
/// PathPattern("/api/*").matches("/api/users")        // true
/// PathPattern("/api/*").matches("/api/v1/users")     // false
/// PathPattern("/api/**").matches("/api/v1/users")    // true
/// PathPattern("/api").matches("/apiary")             // false
/// ```
///
/// Empty segments and a trailing slash are ignored, so `/api/` and `/api` are the same path.
public struct PathPattern: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    enum Segment: Sendable, Hashable {
        case literal(Substring)
        case one
        case anyDepth
    }

    let segments: [Segment]
    public let description: String

    /// Creates a pattern.
    public init(_ pattern: String) {
        self.description = pattern
        self.segments = pattern.split(separator: "/").map { segment in
            switch segment {
            case "**": .anyDepth
            case "*": .one
            case _ where segment.first == ":" || (segment.first == "{" && segment.last == "}"): .one
            default: .literal(segment)
            }
        }
    }

    public init(stringLiteral value: String) { self.init(value) }

    /// Whether `path` (without its query string) matches.
    ///
    /// Linear in the path for a given pattern: at most (path segments × pattern segments) steps, whatever the
    /// input, so a long path cannot make the matcher backtrack.
    public func matches(_ path: some StringProtocol) -> Bool {
        let parts = Substring(path).split(separator: "/")
        return Self.match(segments, parts)
    }

    /// Wildcard matching with one resume point: `**` first matches nothing; on a mismatch the last `**` seen takes
    /// one more segment and matching resumes after it. Resuming from the last `**` alone is enough because every
    /// other segment matches exactly one path segment, so whatever an earlier `**` could have taken, the later one
    /// can take instead.
    private static func match(_ pattern: [Segment], _ path: [Substring]) -> Bool {
        var patternIndex = 0
        var pathIndex = 0
        // The pattern index just after the last `**` seen, and the path index that `**` would resume at.
        var resume: (pattern: Int, path: Int)?
        while pathIndex < path.count {
            if patternIndex < pattern.count, pattern[patternIndex].matches(path[pathIndex]) {
                patternIndex += 1
                pathIndex += 1
            } else if patternIndex < pattern.count, pattern[patternIndex] == .anyDepth {
                patternIndex += 1
                resume = (patternIndex, pathIndex)
            } else if let last = resume {
                resume = (last.pattern, last.path + 1)
                patternIndex = last.pattern
                pathIndex = last.path + 1
            } else {
                return false
            }
        }
        return pattern[patternIndex...].allSatisfy { $0 == .anyDepth }
    }
}

extension PathPattern.Segment {
    /// Whether this segment, other than `**`, matches one path segment.
    func matches(_ part: Substring) -> Bool {
        switch self {
        case .literal(let literal): literal == part
        case .one: true
        case .anyDepth: false
        }
    }
}
