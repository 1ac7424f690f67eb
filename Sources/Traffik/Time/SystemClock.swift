#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's clock: the wall time read once at creation, advanced by the monotonic clock afterwards.
///
/// Windows stay aligned to the wall clock, and a wall-clock step (NTP, an operator) never moves a decision backwards.
public struct SystemClock: ThrottleClock {
    private let wallAtStart: Int64
    private let monotonicAtStart: ContinuousClock.Instant

    /// Creates a clock anchored at the current wall time.
    public init() {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        self.wallAtStart = Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1_000
        self.monotonicAtStart = .now
    }

    public func nowMicroseconds() -> Int64 {
        wallAtStart &+ (ContinuousClock.now - monotonicAtStart).wholeMicroseconds
    }
}
