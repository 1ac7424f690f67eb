import Synchronization

/// Set by a connection's handler, on its event loop, the moment the connection stops taking commands, so the pool
/// stops choosing it before the channel has finished closing, and a write that reaches a closed channel fails with
/// the reason the connection ended.
final class RedisConnectionFlag: Sendable {
    private let finished = Atomic<Bool>(false)
    private let reason = Mutex<RedisClientError?>(nil)

    /// Whether the connection has stopped taking commands.
    var isFinished: Bool {
        finished.load(ordering: .acquiring)
    }

    /// Why the connection stopped taking commands, once it has.
    var failure: RedisClientError? {
        reason.withLock { $0 }
    }

    /// Marks the connection finished because of `failure`; the first reason is kept.
    func finish(_ failure: RedisClientError) {
        reason.withLock { $0 = $0 ?? failure }
        finished.store(true, ordering: .releasing)
    }
}
