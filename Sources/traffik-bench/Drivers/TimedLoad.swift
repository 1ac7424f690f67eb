// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import TraffikBenchContract

/// Keeps `concurrency` requests to `/test` in flight until a time, each worker sending one after another, the
/// requests taking `X-Client-ID`s from `clients` distinct ids in turn, and records every request's status.
struct TimedLoad: Sendable {
    let client: HTTPClient
    let baseURL: String
    var concurrency: Int
    var clients: Int
    /// The longest one request may take before it counts as unanswered.
    var timeout: TimeAmount = .seconds(10)

    /// Sends until `end` (wall-clock µs), or until cancelled; requests in flight then are waited for.
    func run(until end: Int64) async -> [TimedSample] {
        await withTaskGroup(of: [TimedSample].self) { group in
            for worker in 0..<max(concurrency, 1) {
                group.addTask {
                    var samples: [TimedSample] = []
                    var round = 0
                    while WallClock.now() < end, !Task.isCancelled {
                        let id = (round * concurrency + worker) % max(clients, 1)
                        samples.append(await send(client: "client-\(id)"))
                        round += 1
                    }
                    return samples
                }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
    }

    /// One request as `client`.
    func send(client id: String) async -> TimedSample {
        var request = HTTPClientRequest(url: baseURL + "/test")
        request.headers.add(name: BenchClientHeader.name, value: id)
        let sentAt = WallClock.now()
        var status: Int?
        do {
            let response = try await client.execute(request, timeout: timeout)
            _ = try await response.body.collect(upTo: 1 << 20)
            status = Int(response.status.code)
        } catch {
            status = nil
        }
        return TimedSample(sentAt: sentAt, receivedAt: WallClock.now(), status: status)
    }
}
