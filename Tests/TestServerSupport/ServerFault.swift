// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// What the outage tests do to a store's server process while a backend in front of it is under load.
public enum ServerFault: String, CaseIterable, Sendable {
    /// SIGKILL, then a restart on the same port a second later (the data is gone).
    case killedAndRestarted
    /// SIGSTOP, then SIGCONT after ``stall``: the process keeps its sockets and answers nothing, as a hung host
    /// would.
    case frozen

    /// How long a server stays frozen (or, for a store that can pause, paused), in milliseconds: longer than a
    /// deadline or command timeout plus ``schedulingSlack``, so a decision that waited on the server for the whole
    /// stall fails the test.
    public static let stallMilliseconds = 2_500
    /// ``stallMilliseconds`` as a duration.
    public static var stall: Duration { .milliseconds(stallMilliseconds) }
    /// What a loaded two-core machine may add to a deadline before the caller runs again: the whole suite runs at
    /// once, and a decision's tasks wait for a thread like any other.
    public static let schedulingSlack = Duration.seconds(2)

    /// Does this to `server`, and returns once the server is back (restarted or thawed).
    public func inflict(on server: some LoopbackServerProcess) async throws {
        switch self {
        case .killedAndRestarted:
            await server.crash()
            try await Task.sleep(for: .milliseconds(1_000))
            try await server.restart()
        case .frozen:
            await server.freeze()
            try await Task.sleep(for: Self.stall)
            await server.thaw()
        }
    }
}
