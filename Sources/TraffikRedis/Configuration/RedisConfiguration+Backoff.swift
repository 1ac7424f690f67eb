import Traffik

extension RedisConfiguration {
    /// The delays between failed connection attempts; the same ``Traffik/ReconnectBackoff`` every shared store's
    /// client uses.
    public typealias ReconnectBackoff = Traffik.ReconnectBackoff
}
