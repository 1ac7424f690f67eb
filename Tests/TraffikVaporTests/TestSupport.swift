// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import Traffik
import TraffikHTTP
import TraffikVapor
import Vapor
import VaporTesting

/// A throttle on a backend of its own, named after the test.
func makeThrottle(
    _ rate: RateSource<VaporRequest>,
    strategy: Strategy = .fixedWindow,
    backend: BackendSource? = nil,
    identifier: (@Sendable (VaporRequest) async throws -> Identity)? = nil,
    function: String = #function
) throws -> VaporThrottle {
    var configuration = VaporThrottle.Configuration(rate: rate, strategy: strategy)
    configuration.identifier = identifier
    return try VaporThrottle(
        uid: "\(function):\(UInt64.random(in: 0...UInt64.max))",
        backend: backend ?? .fixed(InMemoryBackend(clock: ManualClock(microseconds: 1_700_000_040_000_000))),
        configuration: configuration
    )
}

/// The identity of `X-Client` when present, else the resolved address: in-memory tests have no peer.
let clientHeader: @Sendable (VaporRequest) async throws -> Identity = { input in
    input.header("X-Client").map(Identity.client) ?? input.throttleIdentity
}

/// Runs `test` on a new testing application, quiet below errors, shut down however the test ends.
@discardableResult
func withQuietApp<T>(_ test: (Application) async throws -> T) async throws -> T {
    try await withApp { app in
        app.logger.logLevel = .error
        return try await test(app)
    }
}

/// Starts `app`'s server on a free loopback port, runs `body` with the port, and stops the server however `body`
/// ends.
@discardableResult
func withRunningServer<T>(_ app: Application, _ body: (Int) async throws -> T) async throws -> T {
    try await app.server.start(address: .hostname("127.0.0.1", port: 0))
    let result: T
    do {
        guard let port = app.http.server.shared.localAddress?.port else { throw Abort(.internalServerError) }
        result = try await body(port)
    } catch {
        await app.server.shutdown()
        throw error
    }
    await app.server.shutdown()
    return result
}

extension TestingHTTPResponse {
    /// The body as text.
    var text: String { body.getString(at: body.readerIndex, length: body.readableBytes) ?? "" }
}

extension HTTPField.Name {
    static let xBudget = HTTPField.Name("X-Budget")!
}
