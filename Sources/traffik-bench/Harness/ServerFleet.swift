// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import Traffik
import TraffikBenchContract
import TraffikProcessSupport

/// The servers a run drives: bench servers the harness started (all on one store), or an external `--target`.
struct ServerFleet: Sendable {
    var baseURLs: [String]
    var servers: [BenchServerProcess] = []
    var backend: PreparedBackend?

    /// Starts `workers` bench servers on the prepared store, or wraps `--target` after checking its health.
    ///
    /// - Parameter privateStore: Start a `redis-server` or `memcached` for this fleet alone (to be stopped midway).
    static func start(
        options: LoadOptions,
        command: LoadCommandKind,
        workers: Int,
        client: HTTPClient,
        privateStore: Bool = false
    ) async throws -> ServerFleet {
        if let target = options.target {
            let base = target.hasSuffix("/") ? String(target.dropLast()) : target
            guard await BenchServerProcess.isHealthy(baseURL: base, client: client) else {
                throw ProcessError("\(base)/__bench__/health does not answer 200")
            }
            return ServerFleet(baseURLs: [base])
        }
        let backend = try await options.backend.prepare(
            redisURL: privateStore ? nil : options.redisURL,
            memcached: privateStore ? nil : options.memcached
        )
        var fleet = ServerFleet(baseURLs: [], backend: backend)
        do {
            for _ in 0..<workers {
                let server = try await BenchServerProcess.start(
                    binary: options.serverBinary,
                    arguments: serverSettings(options: options, command: command, backend: backend).arguments,
                    client: client
                )
                fleet.servers.append(server)
                fleet.baseURLs.append(server.baseURL)
            }
        } catch {
            await fleet.stop()
            throw error
        }
        return fleet
    }

    /// Reconfigures every server for the scenario and clears the store's counters.
    func reset(rate: Rate, strategy: String, onError: BenchErrorPolicy, client: HTTPClient) async throws {
        let query = BenchReconfiguration(rate: rate, strategy: strategy, onError: onError).query
        for base in baseURLs {
            var request = HTTPClientRequest(url: base + "/__bench__/reset?" + query)
            request.method = .POST
            let response = try await client.execute(request, timeout: .seconds(10))
            let body = try await response.body.collect(upTo: 1 << 16)
            guard response.status.code == 200 else {
                throw ProcessError(
                    "\(base)/__bench__/reset answered \(response.status.code): \(String(buffer: body))"
                )
            }
        }
    }

    /// What each bench server of a run is started with.
    static func serverSettings(
        options: LoadOptions,
        command: LoadCommandKind,
        backend: PreparedBackend
    ) -> BenchServerSettings {
        var settings = BenchServerSettings()
        settings.framework = options.framework
        backend.configure(&settings)
        settings.mode = command.serverMode
        settings.namespace = "bench"
        settings.strategy = options.strategy.name
        return settings
    }

    /// Stops the store the harness started for this fleet (the fault of `error_recovery`).
    func stopStore() async { await backend?.stop() }

    /// Stops the servers, then the store, if the harness started them.
    func stop() async {
        for server in servers { await server.stop() }
        await backend?.stop()
    }
}
