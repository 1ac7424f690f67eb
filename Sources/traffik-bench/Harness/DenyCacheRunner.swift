// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import AsyncHTTPClient
import Foundation
import NIOCore
import Traffik
import TraffikBenchContract
import TraffikProcessSupport

/// Runs `traffik-bench deny-cache`: starts a `redis-server`, then, one after the other, a bench server without a
/// deny cache and one with, sends each the same hammering client, and counts the decisions that reached Redis
/// (`EVALSHA` calls in `INFO commandstats`, read before and after on the harness's own connection).
struct DenyCacheRunner: Sendable {
    var options: DenyCacheOptions
    /// Progress lines (to standard error by default).
    var progress: @Sendable (String) -> Void = { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }

    func run() async throws -> DenyCacheReport {
        let (redis, control) = try await HarnessSetUp.redis()
        let client = HarnessSetUp.loadClient(connections: options.concurrency + 8)
        do {
            let without = try await measure(.off, redisURL: redis.url, control: control, client: client)
            let with = try await measure(
                BenchDenyCache(capacity: options.capacity),
                redisURL: redis.url,
                control: control,
                client: client
            )
            await control.close()
            try await client.shutdown()
            await redis.stop()
            return DenyCacheReport(
                framework: options.framework.rawValue,
                rate: try options.rateArgument(),
                concurrency: options.concurrency,
                timestamp: ISO8601DateFormatter().string(from: Date()),
                without: without,
                with: with
            )
        } catch {
            await control.close()
            try? await client.shutdown()
            await redis.stop()
            throw error
        }
    }

    /// One run on a server of its own with `denyCache`.
    private func measure(
        _ denyCache: BenchDenyCache,
        redisURL: String,
        control: RedisControl,
        client: HTTPClient
    ) async throws -> DenyCacheRun {
        let server = try await BenchServerProcess.start(
            binary: LoadOptions.serverBinary(options.server),
            arguments: try options.serverSettings(redisURL: redisURL, denyCache: denyCache).arguments,
            client: client
        )
        do {
            // The whole run in one window of the limit, so that it admits the limit once.
            let wait = WallClock.waitBeforeRun(
                periodMicroseconds: try options.clientRate().periodMicroseconds,
                aligned: false,
                now: WallClock.now()
            )
            if wait > 0 { await pauseOnDispatch(milliseconds: Int(wait / 1000)) }
            progress("deny-cache \(denyCache.text): \(options.requests) requests, \(options.concurrency) in flight")
            let before = try await control.commandStats()
            let start = WallClock.now()
            let phase = Phase.concurrent(options.requests, inFlight: options.concurrency, Probe(client: "hammer"))
            let samples = await HTTPDriver(client: client, baseURLs: [server.baseURL]).run(phase)
            let elapsed = WallClock.now() - start
            let after = try await control.commandStats()
            await server.stop()
            return DenyCacheRun(
                denyCache: denyCache.text,
                samples: samples,
                elapsed: elapsed,
                before: before,
                after: after
            )
        } catch {
            await server.stop()
            throw error
        }
    }
}
