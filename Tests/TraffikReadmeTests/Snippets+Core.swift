// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0
// swift-format-ignore-file

// The README's core snippets, line for line (see ReadmeSnippetTests): compiled, not run.

import Traffik
import TraffikRedis

enum CoreSnippets {
    static func quickstart() async throws {
        let backend = InMemoryBackend()
        let throttle = try Throttle<String>(uid: "reports", rate: "10/min", strategy: .tokenBucket(burst: 5),
                                            backend: .fixed(backend))  // or .taskLocal: the backend active for the task

        let decision = try await throttle.hit("user-42")
        if decision.isAllowed {
            // do the work
        } else {
            print("retry after \(decision.retryAfterSeconds ?? 0) s")
        }
    }

    static func aBadRate() throws {
        _ = try Throttle<String>(uid: "x", rate: "5/fortnight", backend: .taskLocal)
        // throttle "x": invalid rate "5/fortnight": unknown unit "fortnight" (expected ms, s, min, h or d)
    }

    static func aConfiguration(backend: InMemoryBackend) throws {
        var configuration = Throttle<String>.Configuration(rate: "5/min", strategy: .gcra())
        configuration.identifier = { email in email.hasSuffix("@ops.example") ? .exempt : .client(email.lowercased()) }
        configuration.errorPolicy = .throttle(retryAfter: .seconds(5))  // a failing store refuses, with a 5 s wait
        configuration.timeout = .milliseconds(100)  // a slower decision counts as a store failure
        let login = try Throttle(uid: "login", backend: .fixed(backend), configuration: configuration)
        _ = login
    }

    static func aBackendPerTenant(request: String, user: String, backends: [String: any ThrottleBackend]) async throws {
        func tierBackend(for request: String) -> any ThrottleBackend { backends[request] ?? InMemoryBackend() }
        let api = try Throttle<String>(uid: "api", rate: "100/min", backend: .taskLocal)

        try await withThrottleBackend(tierBackend(for: request)) {
            try await api.hit(user)
        }
    }

    static func whenTheStoreFails() throws {
        let redis = try RedisBackend(url: "redis://10.0.0.7:6379/0", namespace: "shop")
        let backend = ResilientBackend(
            redis,
            deadline: .milliseconds(50),  // every call to Redis answers by then, even on a stalled connection
            breaker: CircuitBreakerConfiguration(failureThreshold: 5, recoveryTime: .seconds(5)),
            failover: InMemoryBackend(persistent: true),  // decides while Redis is away
            denyCache: DenyCache(capacity: 100_000)  // a refused client costs Redis nothing until its wait ends
        )
        let api = try Throttle<String>(uid: "api", rate: "100/min", backend: .fixed(backend))
        _ = api
    }

    static func aCustomErrorPolicy() -> ErrorPolicy {
        let policy = ErrorPolicy.custom { failure in
            let kind = (failure.error as? BackendError)?.kind
            return kind == .unavailable || kind == .timeout
                ? .unrestricted(.errorPolicy) : .refused(.errorPolicy, retryAfter: .seconds(1), rate: failure.rate)
        }
        return policy
    }
}
