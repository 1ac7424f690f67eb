// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// Where a throttle's rate comes from: fixed, written as a string, or computed for each request.
///
/// A string is parsed when the throttle is built, so a bad one fails there, naming the bad part; so does a limit
/// out of range given to ``perSecond(_:)`` and its siblings. A computed rate that throws a ``RateError`` (say,
/// `try .perMinute(tenant.limit)` on a limit of 0 from tenant data) fails that request with
/// ``ThrottleError/invalidRate(uid:_:)``, the error a bad rate gets at construction.
///
/// ```swift
/// try Throttle<String>(uid: "a", rate: "100/min", backend: .taskLocal)
/// try Throttle<String>(uid: "b", rate: .fixed(try .perSecond(5)), backend: .taskLocal)
/// try Throttle<Request>(
///     uid: "c", rate: .computed { request in try .perMinute(request.isPremium ? 1000 : 100) }, backend: .taskLocal)
/// ```
public struct RateSource<Input: Sendable>: Sendable, ExpressibleByStringLiteral {
    enum Base: Sendable {
        case fixed(Rate)
        case text(String)
        case computed(@Sendable (Input) async throws -> Rate)
        /// A rate that could not be built; the throttle's initialiser throws the error.
        case invalid(RateError)
    }
    let base: Base

    /// A fixed rate.
    public static func fixed(_ rate: Rate) -> RateSource { RateSource(base: .fixed(rate)) }
    /// A rate parsed from `text` when the throttle is built.
    public static func parsed(_ text: String) -> RateSource { RateSource(base: .text(text)) }
    /// A rate computed for each request; it may return ``Rate/unlimited``.
    public static func computed(_ rate: @escaping @Sendable (Input) async throws -> Rate) -> RateSource {
        RateSource(base: .computed(rate))
    }
    /// `limit` per second. A limit out of range makes the throttle's initialiser throw
    /// ``ThrottleError/invalidRate(uid:_:)``.
    public static func perSecond(_ limit: Int) -> RateSource {
        carrying { () throws(RateError) in try .perSecond(limit) }
    }
    /// `limit` per minute (a limit out of range fails when the throttle is built).
    public static func perMinute(_ limit: Int) -> RateSource {
        carrying { () throws(RateError) in try .perMinute(limit) }
    }
    /// `limit` per hour (a limit out of range fails when the throttle is built).
    public static func perHour(_ limit: Int) -> RateSource { carrying { () throws(RateError) in try .perHour(limit) } }
    /// `limit` per day (a limit out of range fails when the throttle is built).
    public static func perDay(_ limit: Int) -> RateSource { carrying { () throws(RateError) in try .perDay(limit) } }
    /// Never throttles.
    public static var unlimited: RateSource { .fixed(.unlimited) }

    public init(stringLiteral value: String) { self.base = .text(value) }

    init(base: Base) { self.base = base }

    /// The rate when it is fixed (a string is parsed), `nil` when it is computed per request or not valid.
    ///
    /// ```swift
    /// throttle.configuration.rate.fixedRate  // 100 per minute, for a throttle built with "100/min"
    /// ```
    public var fixedRate: Rate? {
        switch base {
        case .fixed(let rate): rate
        case .text(let text): try? Rate(parsing: text)
        case .computed, .invalid: nil
        }
    }

    /// A fixed rate built by `make`, or the error it threw.
    private static func carrying(_ make: () throws(RateError) -> Rate) -> RateSource {
        do { return .fixed(try make()) } catch { return RateSource(base: .invalid(error)) }
    }

    /// The source with any text parsed, checked against `strategy` when the rate is fixed.
    ///
    /// - Throws: ``ThrottleError/invalidRate(uid:_:)`` for a bad rate, ``ThrottleError/invalidStrategy(uid:_:)``
    ///   for a strategy that cannot decide the fixed rate (a ``SlidingWindowLog`` above its cap).
    func validated(for strategy: Strategy, uid: String) throws(ThrottleError) -> RateSource {
        let source: RateSource
        switch base {
        case .invalid(let error): throw .invalidRate(uid: uid, error)
        case .text(let text):
            do { source = .fixed(try Rate(parsing: text)) } catch { throw .invalidRate(uid: uid, error) }
        case .fixed, .computed: source = self
        }
        if case .fixed(let rate) = source.base { try strategy.check(rate, uid: uid) }
        return source
    }

    /// The rate for `input`. A ``RateError`` from a computed rate becomes ``ThrottleError/invalidRate(uid:_:)``.
    func resolve(_ input: Input, uid: String) async throws -> Rate {
        switch base {
        case .fixed(let rate): return rate
        case .text(let text):
            do { return try Rate(parsing: text) } catch { throw ThrottleError.invalidRate(uid: uid, error) }
        case .invalid(let error): throw ThrottleError.invalidRate(uid: uid, error)
        case .computed(let compute):
            do { return try await compute(input) } catch let error as RateError {
                throw ThrottleError.invalidRate(uid: uid, error)
            }
        }
    }
}

/// What a request costs: a fixed number of units, or computed for each request.
///
/// ```swift
/// cost: 5
/// cost: .computed { upload in upload.megabytes }
/// ```
public struct Cost<Input: Sendable>: Sendable, ExpressibleByIntegerLiteral {
    enum Base: Sendable {
        case fixed(Int)
        case computed(@Sendable (Input) async throws -> Int)
    }
    let base: Base

    /// A fixed cost, at least 0.
    public static func fixed(_ units: Int) -> Cost { Cost(base: .fixed(units)) }
    /// A cost computed for each request. A negative result is an error; `0` lets the request pass untouched.
    public static func computed(_ cost: @escaping @Sendable (Input) async throws -> Int) -> Cost {
        Cost(base: .computed(cost))
    }

    public init(integerLiteral value: Int) { self.base = .fixed(value) }

    init(base: Base) { self.base = base }

    /// The units when the cost is fixed, `nil` when it is computed per request.
    public var fixedUnits: Int? {
        if case .fixed(let units) = base { units } else { nil }
    }

    func resolve(_ input: Input) async throws -> Int {
        switch base {
        case .fixed(let units): units
        case .computed(let compute): try await compute(input)
        }
    }
}
