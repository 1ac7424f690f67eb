import Testing

/// The tests that start a sentinel group, one at a time: each starts five processes, and failovers that overlap on a
/// small machine would stretch each other's timings.
@Suite(.serialized) enum RedisSentinelTests {}
