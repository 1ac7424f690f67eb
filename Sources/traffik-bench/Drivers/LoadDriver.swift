/// Sends one phase's probes to the servers and reports how each ended.
protocol LoadDriver: Sendable {
    /// Runs `phase`; sample times are counted from `runStart`.
    func run(_ phase: Phase, runStart: ContinuousClock.Instant) async -> [Sample]
}
