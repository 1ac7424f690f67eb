import ArgumentParser
import Traffik
import TraffikRedis

/// The store the bench server keeps its counters in: the one place that maps `--backend` to a backend.
enum BenchBackend: String, CaseIterable, Sendable, ExpressibleByArgument {
    case memory
    case redis
    case memcached

    /// Builds the backend, or explains why it cannot.
    ///
    /// - Parameters:
    ///   - redisURL: The Redis server, for `redis`.
    ///   - namespace: The key prefix, so that runs sharing a store do not see each other's counters.
    func make(redisURL: String, namespace: String) throws -> any ThrottleBackend {
        switch self {
        case .memory:
            return InMemoryBackend(namespace: namespace, persistent: true)
        case .redis:
            var configuration = try RedisConfiguration(url: redisURL)
            configuration.maximumConnections = 8
            return RedisBackend(client: RedisClient(configuration: configuration), namespace: namespace)
        case .memcached:
            throw ValidationError("--backend memcached is not built in yet (it lands with the Memcached backend)")
        }
    }
}
