// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import HTTPTypes
import Traffik
import TraffikHTTP

/// The demo's throttles, written once for any framework's request view: each server builds them for its own
/// request type and puts them on the same routes.
struct DemoThrottles<Input: HTTPThrottleInput> {
    /// `GET /items`: 100 a minute per client, fixed window.
    let items: Throttle<Input>
    /// `GET /search`: 10 a second per client, bursts of 20.
    let search: Throttle<Input>
    /// `POST /upload`: 1000 KiB a minute per client. Each hit costs one unit; the route charges an upload by the
    /// KiB it actually reads (``UploadMeter``), never by its declared length.
    let upload: Throttle<Input>
    /// `GET /bench/throttled`: a throttle that always admits, for measuring what a throttle costs.
    let overhead: Throttle<Input>
    /// `GET /api/data`: the tier's rate per user, on the tier's backend (activated per request).
    let data: Throttle<Input>
    /// `/ws`: 30 messages a minute per client.
    let messages: Throttle<Input>

    /// Builds the throttles, deciding on `backend` (all but ``data``) and joining `registry`.
    init(backend: any ThrottleBackend, registry: ThrottleRegistry) throws {
        items = try Throttle(uid: "demo:items", rate: "100/min", backend: .fixed(backend), registry: registry)
        search = try Throttle(
            uid: "demo:search",
            rate: "10/s",
            strategy: .tokenBucket(burst: 20),
            backend: .fixed(backend),
            registry: registry
        )
        upload = try Throttle(uid: "demo:upload", rate: "1000/min", backend: .fixed(backend), registry: registry)
        overhead = try Throttle(
            uid: "demo:bench",
            rate: .fixed(.perSecond(1_000_000_000)),
            backend: .fixed(backend),
            registry: registry
        )
        var perTier = Throttle<Input>.Configuration(
            rate: .computed { try Tier.of(authorization: $0.header(.authorization)).tier.rate }
        )
        perTier.identifier = { .client(Tier.of(authorization: $0.header(.authorization)).user) }
        data = try Throttle(uid: "demo:data", backend: .taskLocal, configuration: perTier, registry: registry)
        messages = try Throttle(uid: "demo:ws", rate: "30/min", backend: .fixed(backend), registry: registry)
    }
}
