// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// One request (or WebSocket message) of a scenario: where it goes and who sends it.
struct Probe: Sendable, Hashable {
    /// The throttled route, or the one that never is.
    enum Route: String, Sendable, Hashable {
        case test = "/test"
        case unthrottled = "/unthrottled"
    }

    var route: Route = .test
    /// The `X-Client-ID` header; `nil` leaves the client to be known by its address.
    var client: String?

    /// The key the server charges: the header when sent, else the peer address (all loopback here).
    var key: String { client.map { "id:\($0)" } ?? "peer" }
}
