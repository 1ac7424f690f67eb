// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import Synchronization
import TestServerSupport
import Traffik

/// Every decision of a load test, with when it was asked and when it was answered, and the pace the load keeps.
final class DecisionLog: Sendable {
    /// One decision.
    struct Entry: Sendable {
        var started: ContinuousClock.Instant
        var ended: ContinuousClock.Instant
        var decision: Decision

        /// Admitted by the strategy, against the stored state.
        var isAdmitted: Bool { decision.reason == .strategy && decision.isAllowed }
        /// Refused by the strategy: the budget is spent.
        var isThrottled: Bool { decision.reason == .strategy && !decision.isAllowed }
        /// Answered by the error policy: the backend failed.
        var isError: Bool { decision.reason == .errorPolicy }
    }

    private let entries = Mutex<[Entry]>([])
    private let pace: Mutex<Duration?>

    /// A log whose load pauses `pace` between the decisions of each task.
    init(pace: Duration) {
        self.pace = Mutex(pace)
    }

    /// Every decision so far, in the order they were answered.
    var all: [Entry] { entries.withLock { $0 } }

    /// How many decisions so far match `filter`.
    func count(_ filter: (Entry) -> Bool) -> Int {
        entries.withLock { $0.count(where: filter) }
    }

    /// Changes the pause between each task's decisions; `nil` stops the load.
    func setPace(_ pace: Duration?) {
        self.pace.withLock { $0 = pace }
    }

    /// Hits `throttle` for `client` from `tasks` tasks at once, each pausing the pace between its hits, until the
    /// pace is set to `nil`; records every decision.
    func load(_ throttle: Throttle<String>, client: String, tasks: Int) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<tasks {
                group.addTask {
                    while let pace = self.pace.withLock({ $0 }) {
                        let started = ContinuousClock.now
                        let decision = try await throttle.hit(client)
                        let entry = Entry(started: started, ended: .now, decision: decision)
                        self.entries.withLock { $0.append(entry) }
                        if pace > .zero { try await pause(for: pace) }
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}
