// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import AsyncHTTPClient
import Foundation
import NIOCore
import TraffikBenchContract
import TraffikProcessSupport

/// Runs `traffik-bench outage`: starts a `redis-server` and one bench server on it, keeps the load going for the
/// lead, pauses Redis with `CLIENT PAUSE … ALL` on the harness's own connection, keeps the load going through the
/// pause and the tail, watches the server's breaker from the pause's start, and stops everything it started.
struct OutageRunner: Sendable {
    var options: OutageOptions
    /// Progress lines (to standard error by default).
    var progress: @Sendable (String) -> Void = { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }

    func run() async throws -> OutageReport {
        let (redis, control) = try await HarnessSetUp.redis()
        let loadClient = HarnessSetUp.loadClient(connections: options.concurrency + 8)
        let watchClient = HTTPClient(eventLoopGroupProvider: .singleton)
        var server: BenchServerProcess?
        do {
            let started = try await BenchServerProcess.start(
                binary: LoadOptions.serverBinary(options.server),
                arguments: try options.serverSettings(redisURL: redis.url).arguments,
                client: loadClient
            )
            server = started
            let report = try await measure(on: started, control: control, loadClient: loadClient, watchClient)
            await started.stop()
            await control.close()
            try await loadClient.shutdown()
            try await watchClient.shutdown()
            await redis.stop()
            return report
        } catch {
            await server?.stop()
            await control.close()
            try? await loadClient.shutdown()
            try? await watchClient.shutdown()
            await redis.stop()
            throw error
        }
    }

    /// The lead, the pause and the tail against `server`.
    private func measure(
        on server: BenchServerProcess,
        control: RedisControl,
        loadClient: HTTPClient,
        _ watchClient: HTTPClient
    ) async throws -> OutageReport {
        let watch = BreakerWatch(client: watchClient, baseURL: server.baseURL)
        let initial = await watch.state()
        let load = TimedLoad(
            client: loadClient,
            baseURL: server.baseURL,
            concurrency: options.concurrency,
            clients: options.clients
        )
        let start = WallClock.now()
        let plannedPause = start + OutageOptions.microseconds(options.lead)
        let end = plannedPause + OutageOptions.microseconds(options.pause + options.tail)
        progress("outage: \(options.lead) s of load, then Redis paused \(options.pause) s, then \(options.tail) s")
        async let samples = load.run(until: end)
        let wait = plannedPause - WallClock.now()
        if wait > 0 { await pauseOnDispatch(milliseconds: Int(wait / 1000)) }
        try await control.pause(milliseconds: options.pauseMilliseconds)
        let pauseStart = WallClock.now()
        let pauseEnd = pauseStart + Int64(options.pauseMilliseconds) * 1000
        progress("outage: Redis paused")
        var observations = initial.map { [BreakerObservation(at: start, state: $0)] } ?? []
        if initial != "none" {
            observations = await watch.watch(until: end, stopWhenClosedFrom: pauseEnd)
        }
        let all = await samples
        progress("outage: \(all.count) requests")
        let meta = OutageReport.Meta(
            framework: options.framework.rawValue,
            resilience: options.resilience.summary,
            serverArguments: options.resilience.serverArguments,
            concurrency: options.concurrency,
            clients: options.clients,
            rate: options.rate,
            leadSeconds: options.lead,
            pauseSeconds: options.pause,
            tailSeconds: options.tail,
            timestamp: ISO8601DateFormatter().string(from: Date())
        )
        return OutageReport(
            meta: meta,
            samples: all,
            timeline: OutageTimeline(start: start, pauseStart: pauseStart, pauseEnd: pauseEnd, end: end),
            observations: observations
        )
    }
}
