// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// A store's server process that is a ``LoopbackServer`` underneath: where it listens, and how it is stopped,
/// crashed, frozen, thawed and restarted, are the loopback server's, written once here.
public protocol LoopbackServerProcess: Sendable {
    /// The loopback server underneath.
    var loopback: LoopbackServer { get }
}

extension LoopbackServerProcess {
    /// The loopback address the server listens on.
    public var host: String { loopback.host }
    /// The TCP port the server listens on; it stays the same across ``restart()``.
    public var port: Int { loopback.port }

    /// Stops the server with SIGTERM and waits for it to exit (SIGKILL after five seconds).
    public func stop() async { await loopback.stop() }

    /// Kills the server with SIGKILL, as a crash would, and waits for it to exit.
    public func crash() async { await loopback.crash() }

    /// Freezes the server (SIGSTOP): it keeps its connections and port but answers nothing, as a hung host would.
    public func freeze() async { await loopback.freeze() }

    /// Thaws a frozen server (SIGCONT).
    public func thaw() async { await loopback.thaw() }

    /// Starts the server again on the same port, with the same command line.
    public func restart() async throws { try await loopback.restart() }
}
