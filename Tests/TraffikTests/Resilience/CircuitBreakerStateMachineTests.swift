// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import PropertyBased
import Testing

@testable import Traffik

@Suite struct CircuitBreakerStateMachineTests {
    typealias Machine = CircuitBreakerStateMachine

    static let configuration = CircuitBreakerConfiguration(
        failureThreshold: 3,
        recoveryTime: .seconds(10),
        probes: 2,
        successThreshold: 2
    )

    func ticket(_ machine: inout Machine, at now: Int64) throws -> Machine.Ticket {
        guard case (.call(let ticket), _) = machine.permission(now: now) else {
            Issue.record("expected a call at \(now), state \(machine.state)")
            throw CancellationError()
        }
        return ticket
    }

    @Test func opensAfterConsecutiveFailuresOnly() throws {
        var machine = Machine(configuration: Self.configuration)
        for _ in 0..<2 { #expect(machine.failed(try ticket(&machine, at: 0), now: 0) == nil) }
        // A success in between starts the count again.
        #expect(machine.succeeded(try ticket(&machine, at: 0)) == nil)
        for _ in 0..<2 { #expect(machine.failed(try ticket(&machine, at: 0), now: 0) == nil) }
        #expect(machine.state == .closed(failures: 2))
        #expect(machine.failed(try ticket(&machine, at: 5), now: 5) == .opened(until: 10_000_005))
        #expect(machine.state == .open(until: 10_000_005))
    }

    @Test func openRefusesEveryCallUntilTheRecoveryTime() throws {
        var machine = Machine(configuration: Self.configuration)
        for _ in 0..<3 { _ = machine.failed(try ticket(&machine, at: 0), now: 0) }
        for now in [0, 1, 9_999_999] as [Int64] {
            #expect(machine.permission(now: now) == (.refuse(openUntil: 10_000_000), nil))
        }
        let (permission, change) = machine.permission(now: 10_000_000)
        #expect(change == .halfOpened)
        guard case .call(let probe) = permission else { throw CancellationError() }
        #expect(probe.isProbe)
    }

    @Test func halfOpenLetsOnlyTheConfiguredProbesThrough() throws {
        var machine = Machine(configuration: Self.configuration)
        for _ in 0..<3 { _ = machine.failed(try ticket(&machine, at: 0), now: 0) }
        let first = try ticket(&machine, at: 10_000_000)
        let second = try ticket(&machine, at: 10_000_000)
        #expect(first.isProbe && second.isProbe)
        #expect(machine.permission(now: 10_000_001) == (.refuse(openUntil: nil), nil))
        // A cancelled probe gives its slot back without a verdict.
        machine.abandoned(first)
        let third = try ticket(&machine, at: 10_000_002)
        #expect(machine.succeeded(second) == nil)
        #expect(machine.succeeded(third) == .closed)
        #expect(machine.state == .closed(failures: 0))
    }

    @Test func aFailedProbeOpensAgain() throws {
        var machine = Machine(configuration: Self.configuration)
        for _ in 0..<3 { _ = machine.failed(try ticket(&machine, at: 0), now: 0) }
        let probe = try ticket(&machine, at: 10_000_000)
        #expect(machine.failed(probe, now: 10_000_000) == .opened(until: 20_000_000))
        #expect(machine.permission(now: 19_999_999) == (.refuse(openUntil: 20_000_000), nil))
    }

    @Test func lateResultsFromAnEarlierStateChangeNothing() throws {
        var machine = Machine(configuration: Self.configuration)
        let slow = try ticket(&machine, at: 0)
        let slowFailure = try ticket(&machine, at: 0)
        for _ in 0..<3 { _ = machine.failed(try ticket(&machine, at: 0), now: 0) }
        // A call that started while closed succeeds after the breaker opened: the breaker stays open.
        #expect(machine.succeeded(slow) == nil)
        #expect(machine.state == .open(until: 10_000_000))
        let probe = try ticket(&machine, at: 10_000_000)
        // ... and a late failure from before cannot reopen a half-open breaker.
        #expect(machine.failed(slowFailure, now: 10_000_000) == nil)
        #expect(machine.succeeded(probe) == nil)
        #expect(machine.state == .halfOpen(probesInFlight: 0, successes: 1))
    }

    @Test func configurationReadsValuesBelowTheirMinimumAsTheMinimum() {
        let configuration = CircuitBreakerConfiguration(
            failureThreshold: 0,
            recoveryTime: .seconds(-3),
            probes: -1,
            successThreshold: Int.min
        )
        #expect(configuration.failureThreshold == 1)
        #expect(configuration.recoveryTime == .microseconds(1))
        #expect(configuration.probes == 1)
        #expect(configuration.successThreshold == 1)
        var machine = Machine(configuration: configuration)
        guard case (.call(let ticket), _) = machine.permission(now: .max) else {
            Issue.record("a closed breaker refused a call")
            return
        }
        // Opening at the end of time clamps instead of overflowing.
        #expect(machine.failed(ticket, now: .max) == .opened(until: .max))
    }

    /// Random events at random times never let more probes through than configured, never let a call through an
    /// open breaker before its recovery time, and close only after enough successful probes in a row.
    @Test func randomEventsKeepTheInvariants() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...5).array(of: 1...200)) { events in
            var machine = Machine(configuration: Self.configuration)
            var now: Int64 = 0
            var outstanding: [Machine.Ticket] = []
            var probeSuccessesInARow = 0
            for event in events {
                now += Int64(event) * 1_500_000
                switch event {
                case 0, 1:
                    let before = machine.state
                    let (permission, _) = machine.permission(now: now)
                    if case .open(let until) = before, now < until {
                        #expect(permission == .refuse(openUntil: until))
                    }
                    if case .call(let ticket) = permission { outstanding.append(ticket) }
                case 2, 3:
                    guard !outstanding.isEmpty else { continue }
                    let ticket = outstanding.removeFirst()
                    let wasHalfOpen = if case .halfOpen = machine.state { true } else { false }
                    if machine.succeeded(ticket) == .closed {
                        #expect(wasHalfOpen && ticket.isProbe)
                        #expect(probeSuccessesInARow + 1 >= Self.configuration.successThreshold)
                        probeSuccessesInARow = 0
                    } else if ticket.isProbe, wasHalfOpen {
                        probeSuccessesInARow += 1
                    }
                case 4:
                    guard !outstanding.isEmpty else { continue }
                    if case .opened = machine.failed(outstanding.removeFirst(), now: now) { probeSuccessesInARow = 0 }
                default:
                    guard !outstanding.isEmpty else { continue }
                    machine.abandoned(outstanding.removeLast())
                }
                if case .halfOpen(let inFlight, _) = machine.state {
                    #expect(inFlight <= Self.configuration.probes)
                    #expect(inFlight >= 0)
                }
            }
        }
    }
}
