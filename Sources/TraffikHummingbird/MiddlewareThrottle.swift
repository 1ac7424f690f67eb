// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import Hummingbird
public import TraffikHTTP

/// One throttle in a ``ThrottleMiddleware``: the throttle, the rules that say when it applies, and an optional
/// cost and scope for requests through this middleware.
///
/// ```swift
/// MiddlewareThrottle(uploads, rules: [.throttleIf(path: "/files/**", methods: ["POST"])], cost: 5)
/// ```
public typealias MiddlewareThrottle<Context: RequestContext> = ThrottleStack<HummingbirdRequest<Context>>.Entry
