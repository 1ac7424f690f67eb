// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import Testing
import TraffikConnectionPool

/// The pipeline's decisions alone: waiters are strings, and time is a deadline passed in.
@Suite struct PipelineStateMachineTests {
    private typealias Machine = PipelineStateMachine<String, TestFailure>

    private func machine(timeout: Duration = .milliseconds(500)) -> Machine {
        Machine(commandTimeout: timeout, peer: "test:1", service: "Test")
    }

    private func at(_ milliseconds: Int64) -> NIODeadline { .uptimeNanoseconds(UInt64(milliseconds) * 1_000_000) }

    /// The waiters an action delivers to or fails, as `name` or `name:kind`, in the order the handler acts on them.
    private func outcomes(_ action: Machine.Action) -> [String] {
        switch action {
        case .none, .write, .armTimer, .markFinished: []
        case .deliver(let waiter, _): [waiter]
        case .refuse(let waiters, let error): waiters.map { "\($0):\(error.kind)" }
        case .failAll(let ending):
            (ending.timedOut.map { ["\($0.waiter):\($0.error.kind)"] } ?? [])
                + ending.waiters.map { "\($0):\(ending.error.kind)" }
        }
    }

    @Test func repliesAnswerCommandsInTheOrderTheyWereWritten() {
        var machine = machine()
        guard case .write(armTimerAt: at(500)) = machine.write(["a"], now: at(0)) else {
            Issue.record("the first write arms the timer")
            return
        }
        guard case .write(armTimerAt: nil) = machine.write(["b", "c"], now: at(10)) else {
            Issue.record("a timer already armed is not armed again")
            return
        }
        let first = machine.replyReceived()
        #expect(outcomes(first) == ["a"])
        let second = machine.replyReceived()
        #expect(outcomes(second) == ["b"])
        let third = machine.replyReceived()
        #expect(outcomes(third) == ["c"])
        #expect(machine.waitingCount == 0)
    }

    @Test func theHeadCommandTimesOutAndTheOthersFailAsClosed() {
        var machine = machine()
        _ = machine.write(["a"], now: at(0))
        _ = machine.write(["b"], now: at(300))
        guard case .failAll(let ending) = machine.timerFired(now: at(500)) else {
            Issue.record("the oldest deadline has passed")
            return
        }
        #expect(ending.timedOut?.waiter == "a")
        #expect(ending.timedOut?.error.kind == .commandTimeout)
        #expect(ending.waiters == ["b"])
        #expect(ending.error.kind == .connectionClosed)
        #expect(ending.markFinished && ending.closeChannel)
        #expect(machine.failure?.kind == .connectionClosed)
    }

    @Test func aTimerThatFiresEarlyIsArmedForTheOldestDeadline() {
        var machine = machine()
        _ = machine.write(["a"], now: at(0))
        _ = machine.replyReceived()
        _ = machine.write(["b"], now: at(400))
        // The timer armed for "a" fires at 500 ms; "b" is due at 900 ms.
        guard case .armTimer(at: at(900)) = machine.timerFired(now: at(500)) else {
            Issue.record("the timer is armed again for the oldest waiting command")
            return
        }
        guard case .armTimer(at: at(900)) = machine.timerFired(now: at(899)) else {
            Issue.record("a firing before the deadline fails nothing")
            return
        }
        _ = machine.replyReceived()
        guard case .none = machine.timerFired(now: at(900)) else {
            Issue.record("with nothing waiting the timer is not armed again")
            return
        }
    }

    @Test func aReplyAfterATimeoutIsDiscarded() {
        var machine = machine()
        _ = machine.write(["a", "b"], now: at(0))
        _ = machine.timerFired(now: at(500))
        guard case .none = machine.replyReceived() else {
            Issue.record("the late reply answers none of the failed commands")
            return
        }
        let refusal = machine.write(["c"], now: at(600))
        #expect(outcomes(refusal) == ["c:connectionClosed"])
    }

    @Test func aCloseFailsEveryWaitingCommandOnce() {
        var machine = machine()
        _ = machine.write(["a", "b"], now: at(0))
        _ = machine.write(["c"], now: at(1))
        let ending = machine.channelInactive()
        #expect(outcomes(ending) == ["a:connectionClosed", "b:connectionClosed", "c:connectionClosed"])
        let removal = machine.handlerRemoved()
        #expect(outcomes(removal).isEmpty)
        let broken = TestFailure(connectionFailure: .protocolError, "bad bytes", underlying: nil)
        let afterEnd = machine.errorCaught(broken)
        #expect(outcomes(afterEnd).isEmpty)
        let refusal = machine.write(["d"], now: at(2))
        #expect(outcomes(refusal) == ["d:connectionClosed"])
    }

    @Test func theFirstReasonAConnectionEndedIsKept() {
        var machine = machine()
        _ = machine.write(["a"], now: at(0))
        let broken = TestFailure(connectionFailure: .protocolError, "bad bytes", underlying: nil)
        let broke = machine.errorCaught(broken)
        #expect(outcomes(broke) == ["a:protocolError"])
        guard case .failAll(let ending) = machine.channelInactive() else {
            Issue.record("the channel's end is still reported")
            return
        }
        #expect(ending.error == broken)
        #expect(machine.failure == broken)
    }

    @Test func anUnsolicitedReplyEndsTheConnection() {
        var machine = machine()
        guard case .failAll(let ending) = machine.replyReceived() else {
            Issue.record("a reply no command waits for is a protocol error")
            return
        }
        #expect(ending.error.kind == .protocolError)
        #expect(ending.closeChannel)
    }

    @Test func closingWhenIdleWaitsForRepliesAndRefusesNewCommands() {
        var machine = machine()
        _ = machine.write(["a"], now: at(0))
        guard case .markFinished(let reason, closeChannel: false) = machine.closeWhenIdle() else {
            Issue.record("a reply is still awaited")
            return
        }
        #expect(reason.kind == .clientClosed)
        let refusal = machine.write(["b"], now: at(1))
        #expect(outcomes(refusal) == ["b:clientClosed"])
        guard case .deliver(to: "a", thenClose: true) = machine.replyReceived() else {
            Issue.record("the last reply closes the channel")
            return
        }
    }

    @Test func closingWhenIdleWithNothingWaitingClosesAtOnce() {
        var machine = machine()
        guard case .markFinished(_, closeChannel: true) = machine.closeWhenIdle() else {
            Issue.record("no reply is awaited")
            return
        }
    }
}
