// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import Hummingbird
public import Traffik

/// Activates a backend for the rest of each request, chosen per request: the way one throttle serves many tenants.
///
/// Throttles built with ``BackendSource/taskLocal`` decide on the activated backend. The activation is persistent
/// and leaves the backend open, so counters outlive the request. A request for which `select` returns `nil` runs
/// with no activation (task-local throttles then use their fallback or the application default).
///
/// ```swift
/// router.add(middleware: ThrottleBackendMiddleware { request, _ in
///     switch tier(of: request) {
///     case "enterprise": enterpriseRedis
///     case "premium": sharedRedis
///     default: memory
///     }
/// })
/// ```
public struct ThrottleBackendMiddleware<Context: RequestContext>: RouterMiddleware {
    let select: @Sendable (Request, Context) async throws -> (any ThrottleBackend)?

    /// Creates the middleware.
    public init(_ select: @escaping @Sendable (Request, Context) async throws -> (any ThrottleBackend)?) {
        self.select = select
    }

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let backend = try await select(request, context) else { return try await next(request, context) }
        return try await withThrottleBackend(backend, persistent: true, closeOnExit: false) {
            try await next(request, context)
        }
    }
}
