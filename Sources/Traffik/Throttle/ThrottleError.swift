/// A throttle used or built wrongly.
public enum ThrottleError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The uid is empty.
    case emptyUID
    /// Another live throttle in the same registry has this uid.
    case duplicateUID(String)
    /// The rate string is not valid.
    case invalidRate(uid: String, RateError)
    /// The strategy cannot decide the rate, or has a parameter out of range (see ``Strategy/validate(_:)``): thrown
    /// when the throttle is built with a fixed rate, and by a decision on a computed rate (through the error policy).
    case invalidStrategy(uid: String, StrategyError)
    /// The fixed cost or a per-call cost is negative.
    case negativeCost(uid: String, cost: Int)
    /// The throttle resolves its backend from the task context, and none is active and no default is set. It
    /// reaches the caller only through the error policy (``ErrorPolicy/raise``, or a custom policy that throws).
    case noBackend(uid: String)
    /// The backend did not decide within the throttle's timeout.
    case timeout(uid: String, after: Duration)

    public var description: String {
        switch self {
        case .emptyUID: "a throttle's uid must not be empty"
        case .duplicateUID(let uid): "a throttle with uid \"\(uid)\" is already registered"
        case .invalidRate(let uid, let error): "throttle \"\(uid)\": \(error)"
        case .invalidStrategy(let uid, let error): "throttle \"\(uid)\": \(error)"
        case .negativeCost(let uid, let cost): "throttle \"\(uid)\": cost must not be negative, got \(cost)"
        case .noBackend(let uid):
            "throttle \"\(uid)\" has no backend: activate one with withThrottleBackend(_:_:) or set ThrottleBackends.defaultBackend"
        case .timeout(let uid, let after): "throttle \"\(uid)\": the backend did not answer within \(after)"
        }
    }
}
