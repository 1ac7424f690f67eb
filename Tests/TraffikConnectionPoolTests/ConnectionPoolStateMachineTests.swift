// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
import TraffikConnectionPool

/// The pool's decisions alone: fake connections, and instants passed in rather than waited for.
@Suite struct ConnectionPoolStateMachineTests {
    private typealias Machine = ConnectionPoolStateMachine<FakeConnection, TestFailure>

    private let start = ContinuousClock.now
    private let refused = TestFailure(connectionFailure: .connectionFailed, "cannot connect", underlying: nil)

    private func machine(slots: Int = 2) -> Machine {
        Machine(
            service: "Test",
            maximumConnections: slots,
            backoff: ReconnectBackoff(minimum: .milliseconds(100), maximum: .milliseconds(400))
        )
    }

    /// Leases with no connection yet, opens the attempt's connection, and returns it.
    private func open(_ machine: inout Machine, now: ContinuousClock.Instant) -> FakeConnection? {
        guard case .connectAndWait(let attempt) = machine.lease(now: now) else { return nil }
        let connection = FakeConnection(id: attempt.id)
        let kept = machine.connected(connection, slot: attempt.slot)
        #expect(kept)
        return connection
    }

    @Test func theFirstLeaseConnectsAndLaterOnesWaitForThatAttempt() {
        var machine = machine()
        guard case .connectAndWait(let attempt) = machine.lease(now: start) else {
            Issue.record("an empty pool connects")
            return
        }
        #expect(attempt == Machine.Attempt(slot: 0, id: 1))
        guard case .waitFor(attempt: 1) = machine.lease(now: start) else {
            Issue.record("a second command waits for the attempt under way")
            return
        }
    }

    @Test func leasesGoToTheLeastBusyConnectionAndABusyPoolGrows() throws {
        var machine = machine()
        let first = try #require(open(&machine, now: start))
        guard case .use(let idle) = machine.lease(now: start), idle === first else {
            Issue.record("an idle connection is used without opening another")
            return
        }
        first.commandsInFlight = 3
        guard case .useAndConnect(let busy, let attempt) = machine.lease(now: start), busy === first else {
            Issue.record("a busy pool opens another connection in the background")
            return
        }
        #expect(attempt == Machine.Attempt(slot: 1, id: 2))
        guard case .use = machine.lease(now: start) else {
            Issue.record("one background attempt at a time")
            return
        }
        let second = FakeConnection(id: 2)
        second.commandsInFlight = 1
        let kept = machine.connected(second, slot: 1)
        #expect(kept)
        guard case .use(let least) = machine.lease(now: start), least === second else {
            Issue.record("the least busy connection is chosen")
            return
        }
    }

    @Test func aFinishedConnectionFreesItsSlotBeforeItsCloseIsReported() throws {
        var machine = machine(slots: 1)
        let first = try #require(open(&machine, now: start))
        first.isFinished = true
        guard case .connectAndWait(let attempt) = machine.lease(now: start) else {
            Issue.record("the finished connection's slot is reused")
            return
        }
        #expect(attempt == Machine.Attempt(slot: 0, id: 2))
        let wasInPool = machine.dropped(connectionID: first.id, slot: 0)
        #expect(!wasInPool)
    }

    @Test func aDroppedConnectionFreesItsSlot() throws {
        var machine = machine(slots: 1)
        let first = try #require(open(&machine, now: start))
        let wasInPool = machine.dropped(connectionID: first.id, slot: 0)
        #expect(wasInPool)
        let wasInPoolAgain = machine.dropped(connectionID: first.id, slot: 0)
        #expect(!wasInPoolAgain)
        guard case .connectAndWait = machine.lease(now: start) else {
            Issue.record("the next command reconnects")
            return
        }
    }

    @Test func failedAttemptsBackOffLongerEachTimeAndASuccessResetsTheBackoff() {
        var machine = machine(slots: 1)
        let firstRetry = machine.connectFailed(slot: 0, error: refused, now: start)
        #expect(firstRetry.delay == .milliseconds(100))

        // Within the backoff a command fails at once, saying when the next attempt is due.
        guard case .fail(let error) = machine.lease(now: start + .milliseconds(40)) else {
            Issue.record("no attempt starts within the backoff")
            return
        }
        #expect(error.kind == .connectionFailed)
        #expect(error.message == "cannot connect (next attempt in 60 ms)")

        guard case .connectAndWait(let second) = machine.lease(now: start + .milliseconds(100)) else {
            Issue.record("an attempt starts once the backoff has passed")
            return
        }
        let retry = machine.connectFailed(slot: second.slot, error: refused, now: start + .milliseconds(100))
        #expect(retry == Machine.Retry(failures: 2, delay: .milliseconds(200)))
        let thirdRetry = machine.connectFailed(slot: 0, error: refused, now: start)
        #expect(thirdRetry.delay == .milliseconds(400))
        let longestRetry = machine.connectFailed(slot: 0, error: refused, now: start)
        #expect(longestRetry.delay == .milliseconds(400))

        let later = start + .seconds(1)
        guard case .connectAndWait(let third) = machine.lease(now: later) else {
            Issue.record("an attempt starts once the longest backoff has passed")
            return
        }
        let kept = machine.connected(FakeConnection(id: third.id), slot: third.slot)
        #expect(kept)
        let afterSuccess = machine.connectFailed(slot: 0, error: refused, now: later)
        #expect(afterSuccess.delay == .milliseconds(100))
    }

    @Test func retiringClosesTheOlderConnectionsAndKeepsTheNewer() throws {
        var machine = machine()
        let first = try #require(open(&machine, now: start))
        first.commandsInFlight = 1
        guard case .useAndConnect(_, let attempt) = machine.lease(now: start) else {
            Issue.record("a busy pool grows")
            return
        }
        let second = FakeConnection(id: attempt.id)
        let kept = machine.connected(second, slot: attempt.slot)
        #expect(kept)

        let retired = machine.retire(upTo: first.id)
        #expect(retired.map(\.id) == [first.id])
        let retiredAgain = machine.retire(upTo: first.id)
        #expect(retiredAgain.isEmpty)
        guard case .use(let kept) = machine.lease(now: start), kept === second else {
            Issue.record("the newer connection stays in the pool")
            return
        }
        // The retired connection's close, reported later, is not the pool's business any more.
        let wasInPool = machine.dropped(connectionID: first.id, slot: 0)
        #expect(!wasInPool)
    }

    @Test func aShutdownRefusesNewLeasesAndHandsBackWhatItCloses() throws {
        var machine = machine()
        let first = try #require(open(&machine, now: start))
        first.commandsInFlight = 1
        guard case .useAndConnect(_, let attempt) = machine.lease(now: start) else {
            Issue.record("a busy pool grows")
            return
        }
        let shutdown = machine.close()
        #expect(shutdown.connections.map(\.id) == [first.id])
        #expect(shutdown.attempts == [attempt.id])
        #expect(machine.isClosed)
        guard case .fail(let error) = machine.lease(now: start) else {
            Issue.record("a closed pool lends nothing")
            return
        }
        #expect(error.kind == .clientClosed)
        // The attempt under way opens after the shutdown: the pool does not keep it.
        let kept = machine.connected(FakeConnection(id: attempt.id), slot: attempt.slot)
        #expect(!kept)
        let again = machine.close()
        #expect(again.connections.isEmpty)
    }

    @Test func closingAtOnceHandsBackTheLiveConnections() throws {
        var machine = machine()
        let first = try #require(open(&machine, now: start))
        let closed = machine.closeNow()
        #expect(closed.map(\.id) == [first.id])
        guard case .fail = machine.lease(now: start) else {
            Issue.record("a closed pool lends nothing")
            return
        }
    }

    @Test func withNoFreeSlotAndNothingLiveACommandFails() {
        var machine = machine(slots: 0)
        guard case .fail(let error) = machine.lease(now: start) else {
            Issue.record("a pool without slots cannot connect")
            return
        }
        #expect(error.message == "no Test connection is available")
    }
}
