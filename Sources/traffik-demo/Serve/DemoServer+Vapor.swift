// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Logging
import NIOCore
import Traffik
import TraffikHTTP
import TraffikVapor
import Vapor

extension DemoServer {
    /// Registers the demo's routes and throttles on a Vapor application: the same routes, rates and responses as
    /// the Hummingbird server (``makeApplication(logger:)``).
    func configure(_ app: Application) throws {
        let throttles = try DemoThrottles<VaporRequest>(backend: backend, registry: registry)
        let headers = ThrottleResponses(profiles: [.ietf(), .legacy()])
        let tiers = self.tiers
        app.lifecycle.use(ThrottleBackendLifecycle([backend, tiers.enterprise, tiers.premium, tiers.free]))

        // Every throttle of the application identifies clients this way.
        app.traffik.clientAddressResolver = resolver
        app.get("health") { _ in "ok" }

        app.throttled(by: throttles.items, responses: headers).get("items") { _ in
            #"["apple","pear","plum"]"#
        }

        app.throttled(by: throttles.search, responses: headers).get("search") { req in
            "results for \(req.query[String.self, at: "q"] ?? "")"
        }

        // Charged by the KiB read as the body streams in (never by Content-Length), up to 16 MiB.
        app.on(.POST, "upload", body: .stream) { req -> Response in
            let outcome = try await UploadMeter.meter(
                req.body,
                contentLength: req.headers.first(name: .contentLength),
                throttle: throttles.upload,
                input: VaporRequest(req)
            )
            switch outcome {
            case .stored(let bytes, let decision):
                let response = Response(status: .ok, body: .init(string: "stored \(bytes) bytes"))
                headers.decorate(response, with: decision)
                return response
            case .refused(let decision):
                return try await headers.throttledResponse(for: decision, request: req)
            case .tooLarge:
                throw Abort(.payloadTooLarge)
            }
        }

        // For measuring what a throttle costs: the same handler with and without a throttle that always admits.
        app.get("bench", "plain") { _ in "ok" }
        app.throttled(by: throttles.overhead).get("bench", "throttled") { _ in "ok" }

        app.grouped("api")
            .grouped(
                ThrottleBackendMiddleware { req in
                    tiers.backend(for: Tier.of(authorization: req.headers.first(name: .authorization)).tier)
                }
            )
            .grouped(ThrottleMiddleware(throttles.data, responses: headers))
            .get("data") { req in
                let (tier, user) = Tier.of(authorization: req.headers.first(name: .authorization))
                return "data for \(user) (\(tier.rawValue))"
            }

        // Messages over 1 MiB close the connection with 1009 as their fragments arrive.
        app.webSocket("ws", throttle: WebSocketMessageThrottle(throttles.messages)) {
            message,
            ws,
            _ in
            switch message {
            case .text(let text): try await ws.send(text)
            case .binary(let buffer): try await ws.send(Array(buffer.readableBytesView))
            }
        }
    }

    /// A Vapor application with the demo's routes, listening on ``host`` and ``port``. Requests are logged at
    /// debug level (Vapor logs each one at info by default). Shut it down with `asyncShutdown()`.
    func makeVaporApplication(logger: Logger = Logger(label: "traffik-demo")) async throws -> Application {
        // Explicit arguments: Vapor must not parse the demo's own command line.
        let app = try await Application.make(Environment(name: "production", arguments: ["traffik-demo"]))
        do {
            app.logger = logger
            app.http.server.configuration.hostname = host
            app.http.server.configuration.port = port
            app.http.server.configuration.serverName = "traffik-demo"
            app.middleware = Middlewares()
            app.middleware.use(RouteLoggingMiddleware(logLevel: .debug))
            app.middleware.use(ErrorMiddleware.default(environment: app.environment))
            try configure(app)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        return app
    }

    /// Serves the demo with Vapor until the process is interrupted.
    func runVapor(logger: Logger) async throws {
        let app = try await makeVaporApplication(logger: logger)
        do {
            try await app.execute()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
