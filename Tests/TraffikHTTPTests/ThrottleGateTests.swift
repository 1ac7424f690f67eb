// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
import Traffik
import TraffikHTTP

/// A throttle of `rate` for hand-built requests, on a backend and clock of its own.
func makeThrottle(_ rate: RateSource<TestRequest>, function: String = #function) throws -> Throttle<TestRequest> {
    try Throttle<TestRequest>(
        uid: "\(function):\(UInt64.random(in: 0...UInt64.max))",
        rate: rate,
        backend: .fixed(InMemoryBackend(clock: ManualClock(microseconds: 1_700_000_040_000_000)))
    )
}

/// What a gate did with one request: the steps it took, in order, and the response.
struct Trace: Equatable {
    var steps: [String] = []
    var response = ""
}

@Suite struct ThrottleGateTests {
    func run(_ gate: ThrottleGate<TestRequest>) async throws -> Trace {
        var trace = Trace()
        trace.response = try await gate.run(
            TestRequest(),
            refuse: { decision in
                trace.steps.append("refuse")
                return "429 after \(decision.retryAfterSeconds ?? -1)"
            },
            record: { decision in trace.steps.append("record \(decision.isAllowed ? "allowed" : "refused")") },
            next: {
                trace.steps.append("next")
                return "ok"
            },
            decorate: { response, fields in
                trace.steps.append("decorate")
                response += " " + fields.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
            }
        )
        return trace
    }

    @Test func enforceDecoratesWhatPassesAndRefusesTheRest() async throws {
        let gate = ThrottleGate(
            stack: ThrottleStack([.init(try makeThrottle("1/min"))]),
            format: .init(profiles: [.legacy()])
        )
        let passed = try await run(gate)
        #expect(passed.steps == ["next", "decorate"])
        #expect(passed.response == "ok X-RateLimit-Limit=1 X-RateLimit-Remaining=0 X-RateLimit-Reset=60")
        let refused = try await run(gate)
        #expect(refused == Trace(steps: ["refuse"], response: "429 after 60"))
    }

    @Test func recordPassesEveryRequestOnAndDecoratesOnlyThoseAllowed() async throws {
        let gate = ThrottleGate(
            stack: ThrottleStack([.init(try makeThrottle("1/min"))]),
            mode: .record,
            format: .init(profiles: [.legacy()])
        )
        #expect(try await run(gate).steps == ["record allowed", "next", "decorate"])
        #expect(try await run(gate) == Trace(steps: ["record refused", "next"], response: "ok"))
    }

    @Test func withoutProfilesNothingIsDecorated() async throws {
        let gate = ThrottleGate(stack: ThrottleStack([.init(try makeThrottle("5/min"))]))
        #expect(try await run(gate) == Trace(steps: ["next"], response: "ok"))
    }

    @Test func aThrottleThatDoesNotApplyLeavesNothingToRecord() async throws {
        let gate = ThrottleGate(
            stack: ThrottleStack([.init(try makeThrottle("1/min"), rules: [.bypassIf(path: "/")])]),
            mode: .record,
            format: .init(profiles: [.ietf()])
        )
        #expect(try await run(gate) == Trace(steps: ["next"], response: "ok"))
    }
}
