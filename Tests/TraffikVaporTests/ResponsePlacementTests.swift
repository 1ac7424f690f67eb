// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
import Traffik
import TraffikHTTP
import TraffikVapor
import Vapor
import VaporTesting

/// A throttled response must not depend on Vapor's `ErrorMiddleware` or on where the throttling sits.
@Suite(.timeLimit(.minutes(1))) struct ResponsePlacementTests {
    enum Placement: String, CaseIterable, CustomTestStringConvertible {
        /// `app.middleware.use(m)`: after Vapor's `ErrorMiddleware`.
        case insideErrorMiddleware
        /// `app.middleware.use(m, at: .beginning)`: before `ErrorMiddleware`, so a thrown error would escape it.
        case outsideErrorMiddleware
        /// No `ErrorMiddleware` at all.
        case withoutErrorMiddleware
        /// On the route only.
        case onTheRoute

        var testDescription: String { rawValue }

        /// Installs `middleware` this way, and the route `x` answering `handler`.
        func install(
            _ middleware: some Middleware,
            in app: Application,
            _ handler: @escaping @Sendable (Request) async throws -> String
        ) {
            switch self {
            case .insideErrorMiddleware: app.middleware.use(middleware)
            case .outsideErrorMiddleware: app.middleware.use(middleware, at: .beginning)
            case .withoutErrorMiddleware:
                app.middleware = Middlewares()
                app.middleware.use(middleware)
            case .onTheRoute: break
            }
            (self == .onTheRoute ? app.grouped(middleware) : app).get("x", use: handler)
        }
    }

    /// What the second request to a 1/min route gets.
    static let expected = (
        status: HTTPResponseStatus.tooManyRequests,
        headers: [
            "RateLimit-Policy": #""default";q=1;w=60"#, "RateLimit": #""default";r=0;t=60"#, "Retry-After": "60",
            "Content-Type": "application/json; charset=utf-8",
        ],
        body: #"{"error":"too_many_requests","detail":"Too many requests. Retry in 60 seconds.","retry_after":60}"#
    )

    func secondResponse(_ install: (Application) throws -> Void) async throws -> TestingHTTPResponse {
        try await withQuietApp { app in
            try install(app)
            let tester = try app.testing()
            try await tester.test(.GET, "x") { #expect($0.status == .ok) }
            return try await tester.sendRequest(.GET, "x")
        }
    }

    func expectTheLibraryResponse(_ response: TestingHTTPResponse) {
        #expect(response.status == Self.expected.status)
        for (name, value) in Self.expected.headers { #expect(response.headers.first(name: name) == value, "\(name)") }
        #expect(response.text == Self.expected.body)
    }

    @Test(arguments: Placement.allCases) func theMiddlewareRendersTheSameWherever(_ placement: Placement) async throws {
        let throttle = try makeThrottle("1/min")
        let response = try await secondResponse { app in
            placement.install(ThrottleMiddleware(throttle, responses: .init(profiles: [.ietf()])), in: app) { _ in "x" }
        }
        expectTheLibraryResponse(response)
    }

    /// ``RateLimitExceededMiddleware`` must see the error before Vapor's `ErrorMiddleware` does: anywhere after it,
    /// on a group or route, or in an app without it.
    @Test(arguments: [Placement.insideErrorMiddleware, .withoutErrorMiddleware, .onTheRoute])
    func enforceRendersTheSameInsideErrorMiddleware(_ placement: Placement) async throws {
        let throttle = try makeThrottle("1/min")
        let response = try await secondResponse { app in
            placement.install(RateLimitExceededMiddleware(), in: app) { req in
                try await throttle.enforce(req, profiles: [.ietf()])
                return "x"
            }
        }
        expectTheLibraryResponse(response)
    }

    /// Without ``RateLimitExceededMiddleware``, or with it placed before `ErrorMiddleware` (which then catches the
    /// error first), the refusal is an ordinary `AbortError`: Vapor keeps its status and headers and writes its own
    /// error body.
    @Test(arguments: [nil, Placement.outsideErrorMiddleware])
    func enforceLeftToVaporsErrorMiddleware(_ placement: Placement?) async throws {
        let throttle = try makeThrottle("1/min")
        let response = try await secondResponse { app in
            let handler: @Sendable (Request) async throws -> String = { req in
                try await throttle.enforce(req, profiles: [.legacy()])
                return "x"
            }
            if let placement {
                placement.install(RateLimitExceededMiddleware(), in: app, handler)
            } else {
                app.get("x", use: handler)
            }
        }
        #expect(response.status == .tooManyRequests)
        #expect(response.headers.first(name: "Retry-After") == "60")
        #expect(response.headers.first(name: "X-RateLimit-Remaining") == "0")
        #expect(response.text.contains(#""reason":"Too many requests. Retry in 60 seconds.""#))
        #expect(response.text.contains(#""error":true"#))
    }
}
