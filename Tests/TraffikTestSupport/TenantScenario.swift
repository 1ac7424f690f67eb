// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Traffik

/// The multi-tenant scenario every framework integration tests: one task-local throttle of 2 a minute per user, and
/// the tier in `Authorization: Bearer <tier>:<user>` choosing the backend (enterprise, premium or free, the default)
/// for each request.
public struct TenantScenario: Sendable {
    /// The backends by tier, on one manual clock.
    public let backends: [String: InMemoryBackend]

    /// The `Authorization` headers sent, in order: the same user on three tiers.
    public static let authorizations = [
        "free:alice", "free:alice", "free:alice", "premium:alice", "enterprise:alice", "enterprise:alice",
        "enterprise:alice",
    ].map { "Bearer \($0)" }

    /// The statuses they must get: each tier keeps its own budget for the user.
    public static let expectedStatuses: [UInt] = [200, 200, 429, 200, 200, 200, 429]

    /// The key count each backend must end with: one user's budget each.
    public static let expectedKeyCounts = ["enterprise": 1, "premium": 1, "free": 1]

    /// Creates the backends.
    public init() {
        let clock = ManualClock(microseconds: 1_700_000_040_000_000)
        backends = Dictionary(
            uniqueKeysWithValues: ["enterprise", "premium", "free"].map { tier in
                (tier, InMemoryBackend(namespace: tier, clock: clock, persistent: true))
            }
        )
    }

    /// The backend of a request's `Authorization` header.
    public func backend(forAuthorization header: String?) -> InMemoryBackend? {
        let token = header?.split(separator: " ").last ?? ""
        return backends[String(token.split(separator: ":").first ?? "")] ?? backends["free"]
    }

    /// The user of a request's `Authorization` header, or anonymous.
    public static func user(fromAuthorization header: String?) -> Identity {
        header.map { .client(String($0.split(separator: ":").last ?? "")) } ?? .anonymous
    }

    /// How many keys each backend holds.
    public var keyCounts: [String: Int] { backends.mapValues(\.keyCount) }
}
