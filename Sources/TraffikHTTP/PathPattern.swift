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
    public func matches(_ path: some StringProtocol) -> Bool {
        let parts = Substring(path).split(separator: "/")
        return Self.match(segments[...], parts[...])
    }

    private static func match(_ pattern: ArraySlice<Segment>, _ path: ArraySlice<Substring>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        switch first {
        case .anyDepth:
            let rest = pattern.dropFirst()
            if rest.isEmpty { return true }
            for start in path.indices + [path.endIndex] where match(rest, path[start...]) {
                return true
            }
            return false
        case .one:
            return !path.isEmpty && match(pattern.dropFirst(), path.dropFirst())
        case .literal(let literal):
            return path.first.map { $0 == literal } == true && match(pattern.dropFirst(), path.dropFirst())
        }
    }
}
