// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// A stretch of a scenario's traffic: probes sent with a given number in flight.
struct Phase: Sendable {
    /// The probes, in the order they are started.
    var probes: [Probe]
    /// How many are in flight at once; 1 sends them one after another.
    var inFlight: Int
    /// When the phase starts, counted from the scenario's start; `nil` starts it when the previous one ends.
    var startOffset: Duration?
    /// WebSocket only: the connections the messages are spread over (round robin), each sending in order.
    var connections = 1
    /// Whether the backend has been made to fail before this phase (the fault of `error_recovery`).
    var afterFault = false

    /// `count` probes one after another.
    static func sequential(_ count: Int, _ probe: Probe = Probe()) -> Phase {
        Phase(probes: Array(repeating: probe, count: count), inFlight: 1)
    }

    /// `count` probes with `inFlight` at once.
    static func concurrent(_ count: Int, inFlight: Int, _ probe: Probe = Probe()) -> Phase {
        Phase(probes: Array(repeating: probe, count: count), inFlight: inFlight)
    }
}
