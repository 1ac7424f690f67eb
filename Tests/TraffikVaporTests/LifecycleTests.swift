import Synchronization
import Testing
import Traffik
import TraffikVapor
import Vapor
import VaporTesting

@Suite struct LifecycleTests {
    @Test func backendsStartAtBootAndCloseAtShutdown() async throws {
        let first = RecordingBackend(name: "first")
        let second = RecordingBackend(name: "second")
        let app = try await Application.make(.testing)
        do {
            app.logger.logLevel = .warning
            app.lifecycle.use(ThrottleBackendLifecycle([first, second]))
            #expect(RecordingBackend.events(first, second) == [])
            try await app.asyncBoot()
            #expect(RecordingBackend.events(first, second) == ["first start", "second start"])
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        #expect(
            RecordingBackend.events(first, second) == ["first start", "second start", "second close", "first close"]
        )
    }

    @Test func aBackendThatCannotStartFailsTheBoot() async throws {
        let broken = RecordingBackend(name: "broken", failsToStart: true)
        let app = try await Application.make(.testing)
        app.logger.logLevel = .critical
        app.lifecycle.use(ThrottleBackendLifecycle([broken]))
        await #expect(throws: RecordingBackend.StartFailure.self) { try await app.asyncBoot() }
        try await app.asyncShutdown()
    }
}

/// An in-memory backend that records, in one log shared by all instances, when it is started and closed.
final class RecordingBackend: ThrottleBackend {
    struct StartFailure: Error {}

    private static let log = Mutex<[(ObjectIdentifier, String)]>([])
    private let store = InMemoryBackend()
    private let name: String
    private let failsToStart: Bool

    init(name: String, failsToStart: Bool = false) {
        self.name = name
        self.failsToStart = failsToStart
    }

    /// The events of `backends`, in order.
    static func events(_ backends: RecordingBackend...) -> [String] {
        let ids = Set(backends.map(ObjectIdentifier.init))
        return log.withLock { $0.filter { ids.contains($0.0) }.map(\.1) }
    }

    private func record(_ event: String) {
        Self.log.withLock { $0.append((ObjectIdentifier(self), "\(name) \(event)")) }
    }

    var namespace: String { store.namespace }
    var isPersistent: Bool { store.isPersistent }
    var errorPolicy: ErrorPolicy? { store.errorPolicy }
    var kind: String { "recording" }

    func start() async throws {
        record("start")
        if failsToStart { throw StartFailure() }
    }

    func close() async throws { record("close") }
    func reset() async throws { try await store.reset() }

    func decide(key: String, strategy: Strategy, rate: Rate, cost: Int, commit: Bool) async throws -> Decision {
        try await store.decide(key: key, strategy: strategy, rate: rate, cost: cost, commit: commit)
    }

    func get(_ key: String) async throws -> [UInt8]? { try await store.get(key) }
    func set(_ key: String, to value: [UInt8], ttl: Duration?) async throws {
        try await store.set(key, to: value, ttl: ttl)
    }
    func increment(_ key: String, by amount: Int64, ttl: Duration?) async throws -> Int64 {
        try await store.increment(key, by: amount, ttl: ttl)
    }
    func delete(_ key: String) async throws -> Bool { try await store.delete(key) }
    func expire(_ key: String, after ttl: Duration) async throws -> Bool { try await store.expire(key, after: ttl) }
    func withLock<T: Sendable>(
        _ name: String,
        ttl: Duration,
        timeout: Duration,
        _ body: @Sendable () async throws -> T
    ) async throws -> T {
        try await store.withLock(name, ttl: ttl, timeout: timeout, body)
    }
}
