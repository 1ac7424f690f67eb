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

    func run(_ phase: Phase, runStart: ContinuousClock.Instant) async -> [Sample] {
        let collector = SampleCollector()
        let connections = max(phase.connections, 1)
        let pipelined = phase.inFlight >= phase.probes.count && phase.probes.count > 1 && connections == 1
        await withTaskGroup(of: Void.self) { group in
            for connection in 0..<connections {
                let count = stride(from: connection, to: phase.probes.count, by: connections).underestimatedCount
                let base = baseURLs[connection % baseURLs.count]
                let url = base.replacingOccurrences(of: "http://", with: "ws://") + "/ws"
                group.addTask {
                    await converse(url: url, count: count, pipelined: pipelined, runStart: runStart, into: collector)
                }
            }
        }
        return collector.all
    }

    /// One connection's messages; a failed connection counts its unanswered messages as errors.
    private func converse(
        url: String,
        count: Int,
        pipelined: Bool,
        runStart: ContinuousClock.Instant,
        into collector: SampleCollector
    ) async {
        let answered = SampleCollector()
        do {
            try await WebSocketClient.connect(url: url, logger: logger) { inbound, outbound, _ in
                var replies = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
                var sent: [ContinuousClock.Instant] = []
                for index in 0..<count {
                    sent.append(.now)
                    try await outbound.write(.text(#"{"n":\#(index)}"#))
                    if !pipelined {
                        answered.append(Self.sample(try await replies.next(), sentAt: sent[index], runStart: runStart))
                    }
                }
                if pipelined {
                    for index in 0..<count {
                        answered.append(Self.sample(try await replies.next(), sentAt: sent[index], runStart: runStart))
                    }
                }
                try await outbound.close(.normalClosure, reason: nil)
            }
        } catch {}
        let samples = answered.all
        for sample in samples { collector.append(sample) }
        let failedAt = ContinuousClock.now.microseconds(since: runStart)
        for _ in samples.count..<count { collector.append(Sample(finishedAt: failedAt, latency: 0, outcome: .error)) }
    }

    /// A reply's outcome: an echo is a success, a `rate_limit` frame a throttle, anything else an error.
    static func sample(_ reply: WebSocketMessage?, sentAt: ContinuousClock.Instant, runStart: ContinuousClock.Instant)
        -> Sample
    {
        let end = ContinuousClock.now
        var outcome = Outcome.error
        if case .text(let text) = reply {
            if text.contains("rate_limit") {
                outcome = .throttled
            } else if text.contains(#""status":"ok""#) || text.contains(#""status": "ok""#) {
                outcome = .success
            }
        }
        return Sample(
            finishedAt: end.microseconds(since: runStart),
            latency: end.microseconds(since: sentAt),
            outcome: outcome
        )
    }
}
