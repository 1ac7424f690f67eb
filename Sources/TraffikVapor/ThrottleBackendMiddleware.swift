// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import Traffik
public import Vapor

/// Activates a backend for the rest of each request, chosen per request: the way one throttle serves many tenants.
///
/// Throttles built with ``Traffik/BackendSource/taskLocal`` decide on the activated backend. The activation is
/// persistent and leaves the backend open, so counters outlive the request. A request for which `select` returns
/// `nil` runs with no activation (task-local throttles then use their fallback or the application default).
///
/// ```swift
/// app.grouped(ThrottleBackendMiddleware { req in
///     switch tier(of: req) {
///     case "enterprise": enterpriseRedis
///     case "premium": sharedRedis
///     default: memory
///     }
/// }).grouped(ThrottleMiddleware(perUser)).get("data") { _ in "data" }
/// ```
public struct ThrottleBackendMiddleware: AsyncMiddleware {
    let select: @Sendable (Request) async throws -> (any ThrottleBackend)?

    /// Creates the middleware.
    public init(_ select: @escaping @Sendable (Request) async throws -> (any ThrottleBackend)?) {
        self.select = select
    }

    /// Calls the next responder with the backend `select` chose for `request` active, or with none.
    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let backend = try await select(request) else { return try await next.respond(to: request) }
        return try await withThrottleBackend(backend, persistent: true, closeOnExit: false) {
            try await next.respond(to: request)
        }
    }
}
