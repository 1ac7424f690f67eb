// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
import Traffik
import TraffikHTTP

@Suite struct WebSocketMessageGateTests {
    @Test func allowedMessagesAreDeliveredAndRefusedOnesAnswered() async throws {
        let gate = WebSocketMessageGate(try makeThrottle("2/min"))
        var verdicts: [WebSocketMessageVerdict] = []
        for _ in 0..<3 { verdicts.append(try await gate.verdict(forMessageOfSize: 10, from: TestRequest())) }
        let frame = #"{"type":"rate_limit","error":"Too many messages","retry_after":60}"#
        #expect(verdicts == [.deliver, .deliver, .reply(frame)])
    }

    @Test func aRefusalCanCloseWithACodeAndAReason() async throws {
        let closing = WebSocketMessageGate(try makeThrottle("1/min"), refusal: .close(.tryAgainLater, reason: "later"))
        _ = try await closing.verdict(forMessageOfSize: 1, from: TestRequest())
        #expect(
            try await closing.verdict(forMessageOfSize: 1, from: TestRequest())
                == .close(.tryAgainLater, reason: "later")
        )
        let byDefault = WebSocketMessageGate(try makeThrottle("1/min"), refusal: .close)
        _ = try await byDefault.verdict(forMessageOfSize: 1, from: TestRequest())
        #expect(
            try await byDefault.verdict(forMessageOfSize: 1, from: TestRequest())
                == .close(.policyViolation, reason: "rate limited")
        )
        #expect(WebSocketCloseCode.tryAgainLater.code == 1013)
    }

    /// The size rule comes first, so an oversized message closes with 1009 and spends no budget.
    @Test func anOversizedMessageClosesWith1009AndSpendsNothing() async throws {
        let gate = WebSocketMessageGate(try makeThrottle("1/min"), maxMessageSize: 100)
        #expect(gate.sizeVerdict(forMessageOfSize: 100) == nil)
        #expect(gate.sizeVerdict(forMessageOfSize: 101) == .close(.messageTooBig, reason: "message too big"))
        #expect(
            try await gate.verdict(forMessageOfSize: 101, from: TestRequest())
                == .close(.messageTooBig, reason: "message too big")
        )
        #expect(try await gate.verdict(forMessageOfSize: 100, from: TestRequest()) == .deliver)
    }

    @Test func theDefaults() throws {
        let gate = WebSocketMessageGate(try makeThrottle("1/min"))
        #expect(gate.scope == "messages")
        #expect(gate.maxMessageSize == 1 << 20)
    }
}
