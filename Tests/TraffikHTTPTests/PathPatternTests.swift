// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Dispatch
import Testing
import TraffikHTTP

@Suite struct PathPatternTests {
    @Test(arguments: [
        ("/api/*", "/api/users", true),
        ("/api/*", "/api/v1/users", false),
        ("/api/*", "/api", false),
        ("/api/**", "/api/v1/users", true),
        ("/api/**", "/api", true),
        ("/api/**", "/apiary", false),
        ("/api", "/apiary", false),
        ("/api", "/api/", true),
        ("/api", "/api/x", false),
        ("/users/:id", "/users/42", true),
        ("/users/{id}/posts", "/users/42/posts", true),
        ("/**/health", "/a/b/health", true),
        ("/**/health", "/health", true),
        ("/**/health", "/healthz", false),
        ("/a/**/c", "/a/b/x/c", true),
        ("/a/**/c", "/a/c/d", false),
        ("/", "/", true),
        ("/", "/x", false),
        ("/**", "/anything/at/all", true),
        ("/**", "/", true),
        ("/**/**", "/a", true),
        ("/a/**/b/**/c", "/a/x/b/y/b/c", true),
        ("/a/**/b/*", "/a/b/b/x", true),
        ("/a/**/b/*", "/a/b/x/y", false),
        ("/**/a/*/b", "/a/a/x/b", true),
        ("/**/*", "/", false),
    ])
    func matchesWholeSegments(pattern: String, path: String, expected: Bool) {
        #expect(PathPattern(pattern).matches(path) == expected)
    }

    /// The old recursive matcher tried every split of the path between the `**`s: on this pattern it took 0.35 s
    /// for 64 segments (debug build), growing as the fourth power, so 5,000 segments would run for months. The
    /// match runs off the test's thread so that a regression fails here rather than hanging the whole run; the
    /// 60 s allowance is a hang guard, not a timing: the linear matcher needs a few milliseconds.
    @Test func doubleStarsDoNotBacktrackOnLongPaths() {
        let path = "/" + Array(repeating: "a", count: 5_000).joined(separator: "/")
        #expect(finishes { PathPattern("/**/a/**/a/**/a/**/b").matches(path) } == false)
        #expect(finishes { PathPattern("/**/a/**/a/**/a/**/a").matches(path) } == true)
        #expect(finishes { PathPattern("/**/a/**/a/**/a/**/a").matches(path + "/b") } == false)
        #expect(finishes { PathPattern("/**/*/*/**/b").matches(path) } == false)
    }

    /// The linear matcher agrees with the plain recursive definition on every small pattern and path.
    @Test func agreesWithTheRecursiveDefinition() {
        var generator = SplitMix64(seed: 0x7061_7468)
        let patternParts = ["a", "b", "*", "**", ":id"]
        let pathParts = ["a", "b", "c"]
        for _ in 0..<20_000 {
            let pattern = (0..<Int(generator.next() % 7)).map { _ in
                patternParts[Int(generator.next() % UInt64(patternParts.count))]
            }
            let path = (0..<Int(generator.next() % 9)).map { _ in
                pathParts[Int(generator.next() % UInt64(pathParts.count))]
            }
            let expected = Self.reference(pattern[...], path[...])
            let text = "/" + pattern.joined(separator: "/")
            #expect(PathPattern(text).matches("/" + path.joined(separator: "/")) == expected, "\(text) on \(path)")
        }
    }

    /// `**` is any number of segments, `*` and `:name` one, anything else itself: the definition, exponential.
    static func reference(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        let rest = pattern.dropFirst()
        switch first {
        case "**": return (path.startIndex...path.endIndex).contains { reference(rest, path[$0...]) }
        case "*", ":id": return !path.isEmpty && reference(rest, path.dropFirst())
        default: return path.first == first && reference(rest, path.dropFirst())
        }
    }

    /// The result of `work`, or `nil` (recorded as an issue) when it has not finished within `seconds`.
    func finishes(within seconds: Int = 60, _ work: @escaping @Sendable () -> Bool) -> Bool? {
        let box = ResultBox()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            box.set(work())
            done.signal()
        }
        guard done.wait(timeout: .now() + .seconds(seconds)) == .success else {
            Issue.record("the match did not finish within \(seconds) s")
            return nil
        }
        return box.value
    }
}

/// A result handed from the matching thread to the test's.
private final class ResultBox: @unchecked Sendable {
    private let lock = DispatchSemaphore(value: 1)
    private var stored: Bool?

    func set(_ value: Bool) {
        lock.wait()
        stored = value
        lock.signal()
    }

    var value: Bool? {
        lock.wait()
        defer { lock.signal() }
        return stored
    }
}
