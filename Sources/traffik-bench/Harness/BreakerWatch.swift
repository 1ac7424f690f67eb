// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import TraffikProcessSupport

/// Polls a bench server's `GET /__bench__/breaker` every 50 ms, on an HTTP client of its own so that the load's
/// requests never hold a poll up.
struct BreakerWatch: Sendable {
    let client: HTTPClient
    let baseURL: String
    /// The time from one poll's start to the next one's.
    var intervalMicroseconds: Int64 = 50_000

    /// What the server answers now (`closed`, `open`, `half-open`, `none`); `nil` when it gave no 200 within a
    /// second.
    func state() async -> String? {
        do {
            let response = try await client.execute(
                HTTPClientRequest(url: baseURL + "/__bench__/breaker"),
                timeout: .seconds(1)
            )
            let body = try await response.body.collect(upTo: 1 << 10)
            return response.status.code == 200 ? String(buffer: body) : nil
        } catch {
            return nil
        }
    }

    /// Polls until `end` (wall-clock µs), or until the breaker is seen closed at or after `closedFrom`, and
    /// returns what it saw; polls that got no answer are left out.
    func watch(until end: Int64, stopWhenClosedFrom closedFrom: Int64) async -> [BreakerObservation] {
        var observations: [BreakerObservation] = []
        var next = WallClock.now()
        while WallClock.now() < end {
            if let state = await state() {
                let observation = BreakerObservation(at: WallClock.now(), state: state)
                observations.append(observation)
                if state == "none" || (state == "closed" && observation.at >= closedFrom) { break }
            }
            next += intervalMicroseconds
            let wait = min(next, end) - WallClock.now()
            if wait > 0 { await pauseOnDispatch(milliseconds: Int((wait + 999) / 1000)) }
        }
        return observations
    }
}
