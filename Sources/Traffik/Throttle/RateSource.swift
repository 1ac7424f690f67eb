/// Where a throttle's rate comes from: fixed, written as a string, or computed for each request.
///
/// A string is parsed when the throttle is built, so a bad one fails there, naming the bad part.
///
/// ```swift
/// try Throttle<String>(uid: "a", rate: "100/min")
/// try Throttle<String>(uid: "b", rate: .fixed(.perSecond(5)))
/// try Throttle<Request>(uid: "c", rate: .computed { request in request.isPremium ? .perMinute(1000) : .perMinute(100) })
/// ```
public struct RateSource<Input: Sendable>: Sendable, ExpressibleByStringLiteral {
    enum Base: Sendable {
        case fixed(Rate)
        case text(String)
        case computed(@Sendable (Input) async throws -> Rate)
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
    /// `limit` per second.
    public static func perSecond(_ limit: Int) -> RateSource { .fixed(.perSecond(limit)) }
    /// `limit` per minute.
    public static func perMinute(_ limit: Int) -> RateSource { .fixed(.perMinute(limit)) }
    /// `limit` per hour.
    public static func perHour(_ limit: Int) -> RateSource { .fixed(.perHour(limit)) }
    /// Never throttles.
    public static var unlimited: RateSource { .fixed(.unlimited) }

    public init(stringLiteral value: String) { self.base = .text(value) }

    init(base: Base) { self.base = base }

    /// The source with any text parsed.
    func parsedOrThrow() throws(RateError) -> RateSource {
        guard case .text(let text) = base else { return self }
        return .fixed(try Rate(parsing: text))
    }

    func resolve(_ input: Input) async throws -> Rate {
        switch base {
        case .fixed(let rate): rate
        case .text(let text): try Rate(parsing: text)
        case .computed(let compute): try await compute(input)
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

    func resolve(_ input: Input) async throws -> Int {
        switch base {
        case .fixed(let units): units
        case .computed(let compute): try await compute(input)
        }
    }
}
