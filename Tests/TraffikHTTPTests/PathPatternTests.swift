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
    ])
    func matchesWholeSegments(pattern: String, path: String, expected: Bool) {
        #expect(PathPattern(pattern).matches(path) == expected)
    }
}
