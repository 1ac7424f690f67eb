/// The forwarding headers a resolver may read, when (and only when) the peer is a trusted proxy.
public struct ProxyHeaders: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// RFC 7239 `Forwarded` (`for=` parameters).
    public static let forwarded = ProxyHeaders(rawValue: 1 << 0)
    /// `X-Forwarded-For`, read right to left.
    public static let xForwardedFor = ProxyHeaders(rawValue: 1 << 1)
    /// `X-Real-IP`, a single address set by the proxy.
    public static let xRealIP = ProxyHeaders(rawValue: 1 << 2)
    /// All three, in that order of preference.
    public static let all: ProxyHeaders = [.forwarded, .xForwardedFor, .xRealIP]
}
