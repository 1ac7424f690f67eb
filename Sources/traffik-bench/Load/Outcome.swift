/// How one probe ended.
enum Outcome: Sendable, Hashable {
    /// HTTP 200, or a WebSocket echo.
    case success
    /// HTTP 429, or a WebSocket `rate_limit` reply.
    case throttled
    /// Anything else: another status, a transport failure, a timeout.
    case error
}

/// One probe's result: when it finished (from the run's start) and how long it took, in microseconds.
struct Sample: Sendable, Hashable {
    var finishedAt: Int64
    var latency: Int64
    var outcome: Outcome
}
