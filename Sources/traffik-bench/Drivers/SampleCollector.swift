import Synchronization

/// Gathers samples from concurrent tasks.
final class SampleCollector: Sendable {
    private let samples = Mutex<[Sample]>([])

    func append(_ sample: Sample) { samples.withLock { $0.append(sample) } }

    /// Everything gathered so far.
    var all: [Sample] { samples.withLock { $0 } }
}

extension ContinuousClock.Instant {
    /// Microseconds since `start`.
    func microseconds(since start: ContinuousClock.Instant) -> Int64 {
        let elapsed = self - start
        return elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
    }
}
