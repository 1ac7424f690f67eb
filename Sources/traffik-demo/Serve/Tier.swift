// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Traffik
import TraffikBenchContract
import TraffikRedis

/// A customer tier of the multi-tenant route, read from `Authorization: Bearer <tier>:<user>`.
enum Tier: String, CaseIterable, Sendable {
    case enterprise, premium, free

    /// The tier and user of a request's `Authorization` header; requests without a valid token are anonymous free
    /// users.
    static func of(authorization header: String?) -> (tier: Tier, user: String) {
        guard let header, header.lowercased().hasPrefix("bearer ") else {
            return (.free, "anonymous")
        }
        let token = header.dropFirst("bearer ".count).split(separator: ":", maxSplits: 1)
        guard token.count == 2, let tier = Tier(rawValue: String(token[0])), !token[1].isEmpty else {
            return (.free, "anonymous")
        }
        return (tier, String(token[1]))
    }

    /// What each tier may do on `/api/data`.
    var rate: Rate {
        get throws(RateError) {
            switch self {
            case .enterprise: try .perMinute(1_000)
            case .premium: try .perMinute(100)
            case .free: try .perMinute(10)
            }
        }
    }
}

/// The backends of the tiers: one each, chosen per request.
struct TierBackends: Sendable {
    let enterprise: any ThrottleBackend
    let premium: any ThrottleBackend
    let free: any ThrottleBackend

    /// Three in-memory backends of their own.
    static func inMemory(clock: any ThrottleClock) -> TierBackends {
        TierBackends(
            enterprise: InMemoryBackend(namespace: "enterprise", clock: clock, persistent: true),
            premium: InMemoryBackend(namespace: "premium", clock: clock, persistent: true),
            free: InMemoryBackend(namespace: "free", clock: clock, persistent: true)
        )
    }

    /// Enterprise and premium on Redis (each in a namespace of its own), free in memory.
    ///
    /// Each Redis tier stands behind a ``ResilientBackend``: a 100 ms deadline on every call and a circuit breaker,
    /// so a stalled Redis costs a request at most the deadline, and nothing once the breaker is open. With
    /// `failover`, an in-memory backend decides for the tier meanwhile; without, the throttle's error policy does.
    static func redis(url: String, failover: FailoverChoice = .none, clock: any ThrottleClock) throws -> TierBackends {
        func resilient(_ namespace: String) throws -> ResilientBackend {
            ResilientBackend(
                try RedisBackend(url: url, namespace: "traffik-demo:\(namespace)"),
                deadline: .milliseconds(100),
                breaker: CircuitBreakerConfiguration(failureThreshold: 3, recoveryTime: .seconds(2)),
                failover: failover == .memory
                    ? InMemoryBackend(namespace: "\(namespace)-failover", clock: clock, persistent: true) : nil
            )
        }
        return TierBackends(
            enterprise: try resilient("enterprise"),
            premium: try resilient("premium"),
            free: InMemoryBackend(namespace: "free", clock: clock, persistent: true)
        )
    }

    func backend(for tier: Tier) -> any ThrottleBackend {
        switch tier {
        case .enterprise: enterprise
        case .premium: premium
        case .free: free
        }
    }
}
