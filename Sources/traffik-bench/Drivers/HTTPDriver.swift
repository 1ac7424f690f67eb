// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import TraffikBenchContract

/// Sends HTTP probes through AsyncHTTPClient's keep-alive pool, spread round robin over the servers' base URLs,
/// with the phase's number in flight.
struct HTTPDriver: LoadDriver {
    let client: HTTPClient
    let baseURLs: [String]
    var timeout: TimeAmount = .seconds(10)

    func run(_ phase: Phase) async -> [Sample] {
        let collector = SampleCollector()
        await withTaskGroup(of: Void.self) { group in
            var next = 0
            func startNext() {
                let index = next
                next += 1
                group.addTask { collector.append(await send(phase.probes[index], index: index)) }
            }
            while next < min(max(phase.inFlight, 1), phase.probes.count) { startNext() }
            while await group.next() != nil {
                if next < phase.probes.count { startNext() }
            }
        }
        return collector.all
    }

    /// One request; any status but 200 and 429, and any failure, is an error.
    func send(_ probe: Probe, index: Int) async -> Sample {
        var request = HTTPClientRequest(url: baseURLs[index % baseURLs.count] + probe.route.rawValue)
        if let client = probe.client { request.headers.add(name: BenchClientHeader.name, value: client) }
        let sentAt = WallClock.now()
        var outcome = Outcome.error
        do {
            let response = try await client.execute(request, timeout: timeout)
            _ = try await response.body.collect(upTo: 1 << 20)
            switch response.status.code {
            case 200: outcome = .success
            case 429: outcome = .throttled
            default: outcome = .error
            }
        } catch {
            outcome = .error
        }
        return Sample(index: index, sentAt: sentAt, receivedAt: WallClock.now(), outcome: outcome)
    }
}
