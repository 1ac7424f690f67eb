/// Sends one phase's probes to the servers and reports how each ended.
protocol LoadDriver: Sendable {
    func run(_ phase: Phase) async -> [Sample]
}
