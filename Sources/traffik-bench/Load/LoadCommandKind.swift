// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import TraffikBenchContract

/// The four load commands; each has its own scenario list and server mode.
enum LoadCommandKind: String, CaseIterable, Sendable, Codable {
    case http
    case middleware
    case websocket
    case multiprocess

    /// What the command measures, for its help.
    var abstract: String {
        switch self {
        case .http: "/test behind a route throttle."
        case .middleware: "/test behind a middleware rule, /unthrottled beside it."
        case .websocket: "WebSocket messages, each throttled."
        case .multiprocess: "Several server processes sharing one store (one shared limit), the load spread over them."
        }
    }

    /// The `--mode` the bench server runs in: how `/test` is throttled.
    var serverMode: BenchMode { self == .middleware ? .middleware : .http }
}
