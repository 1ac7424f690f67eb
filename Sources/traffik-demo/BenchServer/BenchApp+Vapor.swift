// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Traffik
import TraffikBenchContract
import TraffikHTTP
import TraffikVapor
import Vapor

extension BenchApp {
    /// Registers the bench endpoints on a Vapor application: the same ones, on the same throttle settings, as
    /// ``makeHummingbirdApplication()``.
    func configure(_ app: Application) throws {
        let throttle: VaporThrottle = try makeThrottle()
        let backend = self.backend
        app.lifecycle.use(ThrottleBackendLifecycle([backend]))
        app.get("__bench__", "health") { _ in "ok" }
        app.get("__bench__", "breaker") { _ in Self.breakerState(of: backend) }
        app.post("__bench__", "reset") { request in
            do {
                try BenchReconfiguration { request.query[String.self, at: $0] }.apply(to: throttle)
            } catch let refused as BenchReconfiguration.Refused {
                throw Abort(.badRequest, reason: refused.message)
            }
            try await backend.reset()
            return "reset"
        }
        app.get("unthrottled") { _ in "ok" }
        switch mode {
        case .http:
            app.throttled(by: throttle).get("test") { _ in "ok" }
        case .middleware:
            app.grouped(ThrottleMiddleware(throttle, rules: [.throttleIf(path: "/test", methods: ["GET"])]))
                .get("test") { _ in "ok" }
        }
        app.webSocket(
            "ws",
            onUpgrade: WebSocketMessageThrottle(throttle).handler { message, ws, _ in
                switch message {
                case .text(let text): try await ws.send(Self.echo(text: text))
                case .binary(let buffer): try await ws.send(Self.echo(text: String(buffer: buffer)))
                }
            }
        )
    }

    /// Serves the app with Vapor until the process is stopped, printing `listening on PORT` once it listens.
    func runVapor() async throws {
        // Explicit arguments: Vapor must not parse the bench server's own command line.
        let app = try await Application.make(Environment(name: "production", arguments: ["traffik-bench-server"]))
        do {
            app.logger = logger
            app.http.server.configuration.hostname = host
            app.http.server.configuration.port = port
            app.http.server.configuration.serverName = "traffik-bench-server"
            app.middleware = Middlewares()
            app.middleware.use(ErrorMiddleware.default(environment: app.environment))
            try configure(app)
            try await app.server.start(address: .hostname(host, port: port))
            let port = app.http.server.shared.localAddress?.port ?? port
            // The harness reads this line to learn the port.
            FileHandle.standardOutput.write(Data("listening on \(port)\n".utf8))
            // Runs until the process is stopped (the harness sends SIGTERM, whose default action ends it).
            let stopped = app.eventLoopGroup.any().makePromise(of: Void.self)
            app.running = .start(using: stopped)
            try await stopped.futureResult.get()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
