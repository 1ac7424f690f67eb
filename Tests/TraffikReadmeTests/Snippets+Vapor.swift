// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0
// swift-format-ignore-file

// The README's Vapor snippet, line for line (see ReadmeSnippetTests): compiled, not run.

import Traffik
import TraffikHTTP
import TraffikVapor
import Vapor

enum VaporSnippets {
    static func app() async throws -> Application {
        let memory = InMemoryBackend()
        let perClient = try VaporThrottle(uid: "api", rate: "100/min", backend: .fixed(memory))
        let search = try VaporThrottle(uid: "search", rate: "10/s", strategy: .tokenBucket(burst: 20), backend: .fixed(memory))
        let proxies = try ClientAddressResolver(header: .xForwardedFor, trustedProxies: ["10.0.0.0/8"])

        let app = try await Application.make()
        app.lifecycle.use(ThrottleBackendLifecycle([memory]))        // started at boot, closed at shutdown
        app.traffik.clientAddressResolver = proxies                  // how every throttle of the app finds the client
        app.middleware.use(ThrottleMiddleware(perClient, rules: [.bypassIf(path: "/health")],
                                              responses: .init(profiles: [.ietf()])))
        app.middleware.use(RateLimitExceededMiddleware())            // renders what `enforce` throws
        app.throttled(by: search).get("search") { _ in "results" }
        app.get("report") { req in
            try await perClient.enforce(req, cost: 10)                 // throws a 429 when refused
            return "report"
        }
        return app
    }
}
