import Traffik

/// A backend whose every operation fails, or hangs until cancelled.
final class BrokenBackend: ThrottleBackend {
    enum Mode { case fail, hang }
    let mode: Mode
    let errorPolicy: ErrorPolicy?
    var namespace: String { "broken" }
    var isPersistent: Bool { true }
    var kind: String { "broken" }

    init(_ mode: Mode = .fail, errorPolicy: ErrorPolicy? = nil) {
        self.mode = mode
        self.errorPolicy = errorPolicy
    }

    private func fail() async throws -> Never {
        if mode == .hang {
            // A stream that never yields; iteration ends only when the task is cancelled.
            let (stream, continuation) = AsyncStream<Int>.makeStream()
            defer { continuation.finish() }
            for await _ in stream {}
        }
        throw BackendError(.unavailable, "the store is down")
    }

    func start() async throws {}
    func close() async throws {}
    func reset() async throws {}
    func decide(key: String, strategy: Strategy, rate: Rate, cost: Int, commit: Bool) async throws -> Decision {
        try await fail()
    }
    func get(_ key: String) async throws -> [UInt8]? { try await fail() }
    func set(_ key: String, to value: [UInt8], ttl: Duration?) async throws { try await fail() }
    func increment(_ key: String, by amount: Int64, ttl: Duration?) async throws -> Int64 { try await fail() }
    func delete(_ key: String) async throws -> Bool { try await fail() }
    func expire(_ key: String, after ttl: Duration) async throws -> Bool { try await fail() }
    func withLock<T: Sendable>(
        _ name: String,
        ttl: Duration,
        timeout: Duration,
        _ body: @Sendable () async throws -> T
    ) async throws -> T {
        try await fail()
    }
}

/// A uid no other test uses.
func uniqueUID(_ prefix: String = "test", function: String = #function) -> String {
    "\(prefix):\(function):\(UInt64.random(in: 0...UInt64.max))"
}
