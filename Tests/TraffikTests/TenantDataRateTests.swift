// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
import Traffik
import TraffikTestSupport

/// Limits that come from tenant data (a database row, a plan, a header) give thrown errors, never a trap: `Rate`'s
/// factories throw, `RateSource`'s carry the error to the throttle's initialiser, and a computed rate that throws
/// one fails that request with the error a bad rate gets at construction.
@Suite struct TenantDataRateTests {
    let clock = ManualClock(microseconds: 1_700_000_040_000_000)

    @Test(arguments: [0, -1, Int.min])
    func aLimitBelowOneIsAThrownError(limit: Int) {
        let errors = [
            #expect(throws: RateError.self) { try Rate.perSecond(limit) },
            #expect(throws: RateError.self) { try Rate.perMinute(limit) },
            #expect(throws: RateError.self) { try Rate.perHour(limit) },
            #expect(throws: RateError.self) { try Rate.perDay(limit) },
        ]
        for error in errors {
            #expect(error?.part == .limit)
            #expect(error?.reason.contains("at least 1") == true)
        }
    }

    @Test func aLimitTooLargeForThePeriodIsAThrownError() throws {
        // limit × period must stay within 2^52 µs: 2^33 per second is 8.6 × 10^15.
        let error = #expect(throws: RateError.self) { try Rate.perSecond(1 << 33) }
        #expect(error?.part == .limit)
        #expect(throws: RateError.self) { try Rate.perDay(Int.max) }
        #expect(try Rate.perSecond(1_000_000).limit == 1_000_000)
        #expect(error.map { "\($0)" }?.contains("2^52") == true)
    }

    @Test func aRateSourceOutOfRangeFailsWhenTheThrottleIsBuilt() {
        for source in [RateSource<String>.perMinute(0), .perSecond(-5), .perHour(Int.max), .perDay(0)] {
            #expect {
                try Throttle<String>(uid: uniqueUID(), rate: source, backend: .taskLocal)
            } throws: { error in
                guard let rateError = (error as? ThrottleError)?.rateError else { return false }
                return rateError.part == .limit
            }
        }
    }

    @Test func aComputedRateThatThrowsARateErrorFailsTheRequestAsAnInvalidRate() async throws {
        let uid = uniqueUID()
        let throttle = try Throttle<TenantRequest>(
            uid: uid,
            rate: .computed { request in try .perMinute(request.limit) },
            backend: .fixed(InMemoryBackend(clock: clock))
        )
        #expect(try await throttle.hit(TenantRequest(limit: 3)).isAllowed)
        for limit in [0, -1] {
            await #expect {
                try await throttle.hit(TenantRequest(limit: limit))
            } throws: { error in
                guard let error = error as? ThrottleError, let rateError = error.rateError else { return false }
                let failed = error.uid
                return failed == uid && rateError.part == .limit
            }
        }
        await #expect(throws: ThrottleError.self) { try await throttle.check(TenantRequest(limit: 0)) }
        await #expect(throws: ThrottleError.self) { try await throttle.stat(TenantRequest(limit: 0)) }
    }
}

/// A request from a tenant whose plan sets the limit.
private struct TenantRequest: ThrottleInput {
    var limit: Int
    var throttleIdentity: Identity { .client("tenant") }
}
