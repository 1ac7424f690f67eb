// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Logging
import NIOCore
import NIOWebSocket
import WSClient

/// Sends WebSocket messages to `/ws`: the phase's messages spread round robin over its connections, each
/// connection sending in order and waiting for each reply, except when the phase has every message in flight at
/// once (`burst`), where all are sent before the replies are read.
struct WebSocketDriver: LoadDriver {
    let baseURLs: [String]
    var logger = Logger(label: "traffik-bench.ws")
    /// The longest one connection's conversation may take; a server that stops answering is cut off then, and its
    /// unanswered messages count as errors.
    var timeout: Duration = .seconds(30)

    func run(_ phase: Phase) async -> [Sample] {
        let collector = SampleCollector()
        let connections = max(phase.connections, 1)
        let pipelined = phase.inFlight >= phase.probes.count && phase.probes.count > 1 && connections == 1
        await withTaskGroup(of: Void.self) { group in
            for connection in 0..<connections {
                let indices = Array(stride(from: connection, to: phase.probes.count, by: connections))
                let base = baseURLs[connection % baseURLs.count]
                let url = base.replacingOccurrences(of: "http://", with: "ws://") + "/ws"
                group.addTask {
                    await Self.withDeadline(timeout) {
                        await converse(url: url, indices: indices, pipelined: pipelined, into: collector)
                    }
                }
            }
        }
        return collector.all
    }

    /// One connection's messages; a failed connection counts its unanswered messages as errors.
    private func converse(url: String, indices: [Int], pipelined: Bool, into collector: SampleCollector) async {
        let answered = SampleCollector()
        do {
            try await WebSocketClient.connect(url: url, logger: logger) { inbound, outbound, _ in
                var replies = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
                var sent: [Int64] = []
                for (position, index) in indices.enumerated() {
                    sent.append(WallClock.now())
                    try await outbound.write(.text(#"{"n":\#(index)}"#))
                    if !pipelined {
                        answered.append(Self.sample(try await replies.next(), index: index, sentAt: sent[position]))
                    }
                }
                if pipelined {
                    for (position, index) in indices.enumerated() {
                        answered.append(Self.sample(try await replies.next(), index: index, sentAt: sent[position]))
                    }
                }
                try await outbound.close(.normalClosure, reason: nil)
            }
        } catch {}
        let samples = answered.all
        for sample in samples { collector.append(sample) }
        let now = WallClock.now()
        for index in indices.dropFirst(samples.count) {
            collector.append(Sample(index: index, sentAt: now, receivedAt: now, outcome: .error))
        }
    }

    /// Runs `body`, cancelling it at the deadline.
    static func withDeadline(_ timeout: Duration, _ body: @escaping @Sendable () async -> Void) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await body() }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }

    /// A reply's outcome: an echo is a success, a `rate_limit` frame a throttle, anything else an error.
    static func sample(_ reply: WebSocketMessage?, index: Int, sentAt: Int64) -> Sample {
        var outcome = Outcome.error
        if case .text(let text) = reply {
            if text.contains("rate_limit") {
                outcome = .throttled
            } else if text.contains(#""status":"ok""#) || text.contains(#""status": "ok""#) {
                outcome = .success
            }
        }
        return Sample(index: index, sentAt: sentAt, receivedAt: WallClock.now(), outcome: outcome)
    }
}
