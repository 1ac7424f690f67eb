// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import Testing
import TraffikConnectionPool

/// Random traces of events through the pipeline's machine: whatever happens, every command is answered or failed
/// exactly once, replies answer commands in the order they were written, and nothing is left waiting at the end.
@Suite struct PipelineStateMachineTraceTests {
    /// A small deterministic generator, so a failing seed replays.
    private struct SplitMix {
        var state: UInt64

        mutating func next(below bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    @Test(arguments: 0..<200)
    func everyCommandEndsOnceAndRepliesKeepTheirOrder(seed: Int) {
        var random = SplitMix(state: UInt64(seed))
        var machine = PipelineStateMachine<Int, TestFailure>(
            commandTimeout: .milliseconds(100),
            peer: "test:1",
            service: "Test"
        )
        var now = NIODeadline.uptimeNanoseconds(0)
        var nextCommand = 0
        var ended: [Int: Int] = [:]
        var delivered: [Int] = []
        var written: [Int] = []

        func record(_ action: PipelineStateMachine<Int, TestFailure>.Action) {
            switch action {
            case .none, .write, .armTimer, .markFinished:
                break
            case .deliver(let waiter, _):
                delivered.append(waiter)
                ended[waiter, default: 0] += 1
            case .refuse(let waiters, _):
                for waiter in waiters { ended[waiter, default: 0] += 1 }
            case .failAll(let ending):
                if let (waiter, _) = ending.timedOut { ended[waiter, default: 0] += 1 }
                for waiter in ending.waiters { ended[waiter, default: 0] += 1 }
            }
        }

        for _ in 0..<60 {
            switch random.next(below: 10) {
            case 0..<4:
                let count = 1 + random.next(below: 3)
                let commands = Array(nextCommand..<nextCommand + count)
                nextCommand += count
                let action = machine.write(commands, now: now)
                if case .write = action { written += commands }
                record(action)
            case 4..<7:
                record(machine.replyReceived())
            case 7:
                now = now + .milliseconds(Int64(random.next(below: 120)))
                record(machine.timerFired(now: now))
            case 8:
                record(machine.closeWhenIdle())
            default:
                if random.next(below: 4) == 0 {
                    record(machine.errorCaught(TestFailure(connectionFailure: .protocolError, "x", underlying: nil)))
                }
            }
        }
        record(machine.channelInactive())
        record(machine.handlerRemoved())

        #expect(machine.waitingCount == 0)
        #expect((0..<nextCommand).allSatisfy { ended[$0] == 1 }, "seed \(seed)")
        #expect(delivered == delivered.sorted(), "seed \(seed)")
        #expect(Set(delivered).isSubset(of: Set(written)), "seed \(seed)")
    }
}
