// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@_spi(Backend) import Traffik
import TraffikBenchContract

@testable import traffik_demo

/// The load harness's target app: its endpoints, identity and reconfiguration on reset.
@Suite struct BenchServerTests {
    func app(mode: BenchMode = .http) throws -> BenchApp {
        try BenchApp(
            rate: .perMinute(2),
            strategy: .fixedWindow,
            // A clock of the test's own: a fixed window on the system clock could end between two requests.
            backend: InMemoryBackend(clock: ManualClock(), persistent: true),
            errorPolicy: .raise,
            mode: mode
        )
    }

    func statuses(
        _ client: some TestClientProtocol,
        _ count: Int,
        _ uri: String,
        client id: String? = nil
    )
        async throws -> [UInt]
    {
        var headers: HTTPFields = [:]
        if let id { headers[HTTPField.Name(BenchClientHeader.name)!] = id }
        var result: [UInt] = []
        for _ in 0..<count {
            result.append(try await client.execute(uri: uri, method: .get, headers: headers) { UInt($0.status.code) })
        }
        return result
    }

    @Test(arguments: [BenchMode.http, .middleware])
    func testIsThrottledPerClientAndUnthrottledIsNot(mode: BenchMode) async throws {
        try await app(mode: mode).makeHummingbirdApplication().test(.router) { client in
            let got1 = try await statuses(client, 3, "/test", client: "a")
            #expect(got1 == [200, 200, 429])
            let got2 = try await statuses(client, 3, "/test", client: "b")
            #expect(got2 == [200, 200, 429])
            let got3 = try await statuses(client, 3, "/unthrottled", client: "a")
            #expect(got3 == [200, 200, 200])
            let got4 = try await statuses(client, 1, "/__bench__/health")
            #expect(got4 == [200])
        }
    }

    @Test func resetClearsCountersAndAppliesTheQuery() async throws {
        try await app().makeHummingbirdApplication().test(.router) { client in
            let got5 = try await statuses(client, 3, "/test", client: "a")
            #expect(got5 == [200, 200, 429])
            let reset = try await client.execute(
                uri: "/__bench__/reset?rate=3/60000ms&strategy=gcra&on_error=allow",
                method: .post
            ) { $0.status.code }
            #expect(reset == 200)
            let got6 = try await statuses(client, 4, "/test", client: "a")
            #expect(got6 == [200, 200, 200, 429])
            let bad = try await client.execute(uri: "/__bench__/reset?rate=nonsense", method: .post) { $0.status.code }
            #expect(bad == 400)
        }
    }

    /// The bench server's GCRA lets the whole limit through at once, like every other strategy (the library's
    /// `Strategy.gcra(burst:at:)`, tested with the strategies).
    @Test func gcraLetsTheWholeLimitThroughAtOnce() throws {
        let rate = try Rate.perMinute(10)
        #expect(BenchStrategy.named("gcra", rate: rate) == .gcra(burst: 10, at: rate))
        #expect(BenchStrategy.named("token-bucket", rate: rate) == .tokenBucket())
        #expect(BenchStrategy.named("nonsense", rate: rate) == nil)
    }
}
