// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import Traffik
import TraffikBenchContract
import TraffikHTTP
import TraffikHummingbird

/// The app `traffik-bench` drives: the endpoints of Python traffik's benchmark apps, on one throttle.
///
/// - `GET /__bench__/health`: `ok` once the server listens.
/// - `POST /__bench__/reset`: clears the backend's counters (between iterations). The query may reconfigure the
///   throttle for the next scenario: `rate` (such as `50/60s`), `strategy` (a library name) and `on_error`
///   (`allow`, `throttle`, `raise`), so that one server runs every scenario.
/// - `GET /__bench__/breaker`: the state of the circuit breaker in front of the store (`closed`, `open`,
///   `half-open`), or `none` without one, so that the harness sees when decisions are back on the store.
/// - `GET /test`: throttled, by a route throttle (``BenchMode/http``) or a middleware rule (``BenchMode/middleware``).
/// - `GET /unthrottled`: never throttled.
/// - `GET /ws`: WebSocket; each JSON message is throttled and answered `{"echo":…,"status":"ok"}`, or
///   `{"type":"rate_limit",…}` when refused.
///
/// The client is the `X-Client-ID` header when present, else the socket peer address. The request context is the
/// demo server's (``DemoContext``), which keeps the peer address and supports WebSockets.
struct BenchApp: Sendable {
    var host = "127.0.0.1"
    /// The port; 0 picks a free one, which is printed as `listening on PORT`.
    var port = 0
    var rate: Rate
    var strategy: Strategy
    var backend: any ThrottleBackend
    var errorPolicy: ErrorPolicy
    var mode: BenchMode
    var logger = Logger(label: "traffik-bench-server")

    /// The header the load harness names its clients with, parsed once.
    static let clientIDHeader = HTTPField.Name(BenchClientHeader.name)!

    /// The client of a request: `X-Client-ID`, else the peer address.
    @Sendable static func identity(_ input: some HTTPThrottleInput) -> Identity {
        if let id = input.header(clientIDHeader), !id.isEmpty { return .client("id:\(id)") }
        return input.throttleIdentity
    }

    /// The bench throttle, for the requests of either framework.
    func makeThrottle<Input: HTTPThrottleInput>() throws -> Throttle<Input> {
        var configuration = Throttle<Input>.Configuration(rate: .fixed(rate), strategy: strategy)
        configuration.identifier = { Self.identity($0) }
        configuration.errorPolicy = errorPolicy
        return try Throttle(
            uid: "bench",
            backend: .fixed(backend),
            configuration: configuration,
            registry: ThrottleRegistry()
        )
    }

    /// Serves the app with Hummingbird until the process is stopped.
    func runHummingbird() async throws {
        try await makeHummingbirdApplication().runService()
    }

    /// The Hummingbird application, ready to run or test.
    func makeHummingbirdApplication() throws -> some ApplicationProtocol {
        let router = Router(context: DemoContext.self)
        let throttle: HummingbirdThrottle<DemoContext> = try makeThrottle()
        let backend = self.backend
        router.get("/__bench__/health") { _, _ in "ok" }
        router.get("/__bench__/breaker") { _, _ in Self.breakerState(of: backend) }
        router.post("/__bench__/reset") { request, _ in
            let query = request.uri.queryParameters
            do {
                try BenchReconfiguration { query[Substring($0)].map(String.init) }.apply(to: throttle)
            } catch let refused as BenchReconfiguration.Refused {
                throw HTTPError(.badRequest, message: refused.message)
            }
            try await backend.reset()
            return "reset"
        }
        router.get("/unthrottled") { _, _ in "ok" }
        switch mode {
        case .http:
            router.throttled(by: throttle).get("/test") { _, _ in "ok" }
        case .middleware:
            router.add(middleware: ThrottleMiddleware(throttle, rules: [.throttleIf(path: "/test", methods: ["GET"])]))
            router.get("/test") { _, _ in "ok" }
        }
        router.ws(
            "/ws",
            onUpgrade: WebSocketMessageThrottle(throttle).handler { message, outbound, _ in
                try await outbound.write(.text(Self.echo(message)))
            }
        )
        let logger = self.logger
        return Application(
            router: router,
            server: .http1WebSocketUpgrade(webSocketRouter: router),
            configuration: .init(address: .hostname(host, port: port), serverName: "traffik-bench-server"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                // The harness reads this line to learn the port.
                FileHandle.standardOutput.write(Data("listening on \(port)\n".utf8))
            },
            logger: logger
        )
    }

    /// The reply to an admitted message.
    static func echo(_ message: WebSocketMessage) -> String {
        switch message {
        case .text(let value): echo(text: value)
        case .binary(let buffer): echo(text: String(buffer: buffer))
        }
    }

    /// The reply to an admitted message of `text`.
    static func echo(text: String) -> String {
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return #"{"echo":""# + escaped + #"","status":"ok"}"#
    }
}
