import Testing
import Traffik

/// The README's custom error policy, which reads the ``BackendError`` kind: fail open while the store is away,
/// closed when it answers wrongly.
@Suite struct BackendErrorPolicyTests {
    static let policy = ErrorPolicy.custom { failure in
        let kind = (failure.error as? BackendError)?.kind
        return kind == .unavailable || kind == .timeout
            ? .unrestricted(.errorPolicy) : .refused(.errorPolicy, retryAfter: .seconds(1), rate: failure.rate)
    }

    @Test(arguments: [
        (BackendError.Kind.unavailable, true), (.timeout, true), (.protocol, false), (.server, false), (.closed, false),
    ])
    func aPolicyDecidesByTheKind(_ kind: BackendError.Kind, _ admitted: Bool) async throws {
        let backend = KindFailingBackend(kind: kind)
        let throttle = try Throttle<String>(
            uid: "kinds-\(kind)",
            rate: "5/min",
            backend: .fixed(backend),
            errorPolicy: Self.policy
        )
        let decision = try await throttle.hit("a")
        #expect(decision.reason == .errorPolicy)
        #expect(decision.isAllowed == admitted)
    }
}

/// A backend whose every decision fails with one ``BackendError`` kind.
private final class KindFailingBackend: ThrottleBackend {
    let failure: BackendError.Kind
    let inner = InMemoryBackend()
    init(kind: BackendError.Kind) { self.failure = kind }

    var namespace: String { "kinds" }
    var isPersistent: Bool { true }
    var errorPolicy: ErrorPolicy? { nil }
    var kind: String { "failing" }

    func start() async throws {}
    func close() async throws {}
    func reset() async throws {}
    func decide(key: String, strategy: Strategy, rate: Rate, cost: Int, commit: Bool) async throws -> Decision {
        throw BackendError(failure, "planted failure")
    }
    func get(_ key: String) async throws -> [UInt8]? { try await inner.get(key) }
    func set(_ key: String, to value: [UInt8], ttl: Duration?) async throws {
        try await inner.set(key, to: value, ttl: ttl)
    }
    func increment(_ key: String, by amount: Int64, ttl: Duration?) async throws -> Int64 {
        try await inner.increment(key, by: amount, ttl: ttl)
    }
    func delete(_ key: String) async throws -> Bool { try await inner.delete(key) }
    func expire(_ key: String, after ttl: Duration) async throws -> Bool { try await inner.expire(key, after: ttl) }
    func withLock<T: Sendable>(
        _ name: String,
        ttl: Duration,
        timeout: Duration,
        _ body: @Sendable () async throws -> T
    ) async throws -> T {
        try await inner.withLock(name, ttl: ttl, timeout: timeout, body)
    }
}
