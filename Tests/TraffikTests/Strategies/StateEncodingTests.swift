// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import PropertyBased
import Testing
@_spi(Backend) import Traffik

/// Strategy states encode to compact tagged bytes and back; bytes that are not a state of the right type decode
/// as no state, and a strategy then decides as for a fresh key.
@Suite struct StateEncodingTests {
    static let tags: [UInt8] = [
        FixedWindow.State.formatTag, SlidingWindowCounter.State.formatTag, SlidingWindowLog.State.formatTag,
        BucketState.formatTag,
    ]

    @Test func formatTagsAreDistinct() {
        #expect(Set(Self.tags).count == Self.tags.count)
    }

    @Test func fixedWindowStateRoundTrips() async {
        await propertyCheck(count: 200, input: Gen.int64(), Gen.int64(in: 0...Int64.max)) { start, count in
            let state = FixedWindow.State(windowStart: start, count: count)
            let bytes = state.encoded()
            #expect(bytes.count == 17 && bytes.first == FixedWindow.State.formatTag)
            #expect(FixedWindow.State.decode(bytes) == state)
            expectEveryTruncationAndRetagIsRejected(bytes, as: FixedWindow.State.self)
        }
    }

    @Test func slidingWindowCounterStateRoundTrips() async {
        await propertyCheck(
            count: 200,
            input: Gen.int64(),
            Gen.int64(in: 0...Int64.max),
            Gen.int64(in: 0...Int64.max)
        ) { start, previous, current in
            let state = SlidingWindowCounter.State(windowStart: start, previous: previous, current: current)
            let bytes = state.encoded()
            #expect(bytes.count == 25 && bytes.first == SlidingWindowCounter.State.formatTag)
            #expect(SlidingWindowCounter.State.decode(bytes) == state)
            expectEveryTruncationAndRetagIsRejected(bytes, as: SlidingWindowCounter.State.self)
        }
    }

    @Test func bucketStateRoundTrips() async {
        await propertyCheck(count: 200, input: Gen.int64(in: 0...Int64.max), Gen.int64()) { level, updatedAt in
            let state = BucketState(level: level, updatedAt: updatedAt)
            let bytes = state.encoded()
            #expect(bytes.count == 17 && bytes.first == BucketState.formatTag)
            #expect(BucketState.decode(bytes) == state)
            expectEveryTruncationAndRetagIsRejected(bytes, as: BucketState.self)
        }
    }

    /// Log states are built as bytes: the latest decision time, an entry count, then time and cost per entry.
    @Test func slidingWindowLogStateRoundTrips() async {
        await propertyCheck(
            count: 200,
            input: Gen.int64(),
            zip(Gen.int64(), Gen.int64(in: 1...Int64.max)).array(of: 0...12)
        ) { updatedAt, entries in
            var writer = StateWriter()
            writer.bytes.append(SlidingWindowLog.State.formatTag)
            writer.write(updatedAt)
            writer.write(Int64(entries.count))
            for (time, cost) in entries {
                writer.write(time)
                writer.write(cost)
            }
            let state = SlidingWindowLog.State.decode(writer.bytes)
            #expect(writer.bytes.count == 17 + 16 * entries.count)
            #expect(state?.updatedAt == updatedAt)
            #expect(state?.entries.map(\.time) == entries.map(\.0))
            #expect(state?.entries.map(\.cost) == entries.map(\.1))
            #expect(state?.encoded() == writer.bytes)
            expectEveryTruncationAndRetagIsRejected(writer.bytes, as: SlidingWindowLog.State.self)
        }
    }

    /// Every state a strategy writes during a trace decodes to a value that encodes to the same bytes.
    @Test(arguments: StrategyUnderTest.Kind.allCases)
    func writtenStatesRoundTrip(kind: StrategyUnderTest.Kind) async {
        await propertyCheck(count: 40, input: Scenario.generator([kind])) { scenario in
            for step in scenario.replay() {
                #expect(reencoded(step.after, as: kind) == step.after)
            }
        }
    }

    /// A state of one type is foreign to every strategy with another state type.
    @Test func foreignStatesDecodeAsNil() {
        let fixed = FixedWindow.State(windowStart: 1_000, count: 2).encoded()
        let counter = SlidingWindowCounter.State(windowStart: 1_000, previous: 1, current: 2).encoded()
        let log = SlidingWindowLog.State(entries: [], updatedAt: 1_000).encoded()
        let bucket = BucketState(level: 5, updatedAt: 1_000).encoded()
        #expect(FixedWindow.State.decode(counter) == nil && FixedWindow.State.decode(log) == nil)
        #expect(FixedWindow.State.decode(bucket) == nil)
        #expect(SlidingWindowCounter.State.decode(fixed) == nil && SlidingWindowCounter.State.decode(log) == nil)
        #expect(SlidingWindowCounter.State.decode(bucket) == nil)
        #expect(SlidingWindowLog.State.decode(fixed) == nil && SlidingWindowLog.State.decode(counter) == nil)
        #expect(SlidingWindowLog.State.decode(bucket) == nil)
        #expect(BucketState.decode(fixed) == nil && BucketState.decode(counter) == nil)
        #expect(BucketState.decode(log) == nil)
        #expect(FixedWindow.State.decode([]) == nil && BucketState.decode([]) == nil)
    }

    /// Counts, levels and costs are never negative (and a log entry never costs 0), so bytes holding such a value
    /// are corrupt and decode as no state.
    @Test func fieldsNoStrategyWritesDecodeAsNil() async {
        await propertyCheck(count: 100, input: Gen.int64(in: .min ... -1), Gen.int64()) { negative, other in
            #expect(FixedWindow.State.decode(FixedWindow.State(windowStart: other, count: negative).encoded()) == nil)
            let counter = SlidingWindowCounter.State(windowStart: other, previous: negative, current: 0)
            #expect(SlidingWindowCounter.State.decode(counter.encoded()) == nil)
            let counter2 = SlidingWindowCounter.State(windowStart: other, previous: 0, current: negative)
            #expect(SlidingWindowCounter.State.decode(counter2.encoded()) == nil)
            #expect(BucketState.decode(BucketState(level: negative, updatedAt: other).encoded()) == nil)
            for cost in [negative, 0] {
                let log =
                    [SlidingWindowLog.State.formatTag] + Self.int64Bytes(other) + Self.int64Bytes(1)
                    + Self.int64Bytes(other) + Self.int64Bytes(cost)
                #expect(SlidingWindowLog.State.decode(log) == nil)
            }
        }
    }

    /// A log whose entry count is larger than its bytes, up to `Int64.max`, is truncated.
    @Test func logWithAnImpossibleEntryCountDecodesAsNil() {
        for count: Int64 in [1, 2, Int64.max / 16, Int64.max / 16 + 1, Int64.max / 8, Int64.max, -1, .min] {
            let bytes =
                [SlidingWindowLog.State.formatTag] + Self.int64Bytes(7) + Self.int64Bytes(count)
                + Self.int64Bytes(7) + Self.int64Bytes(1)
            let decoded = SlidingWindowLog.State.decode(bytes)
            #expect((decoded != nil) == (count == 1), "entry count \(count)")
        }
    }

    /// Random bytes that do not start with a strategy's tag decode as no state: the strategy decides exactly as for a
    /// fresh key, then and afterwards.
    @Test(arguments: StrategyUnderTest.Kind.allCases)
    func garbageBehavesAsAFreshKey(kind: StrategyUnderTest.Kind) async {
        await propertyCheck(
            count: 60,
            input: Scenario.generator([kind], length: 1...10),
            Gen.uint8().array(of: 0...40)
        ) { scenario, garbage in
            let tag = Self.tag(of: kind)
            let bytes = garbage.first == tag ? [tag &+ 1] + garbage.dropFirst() : garbage
            #expect(reencoded(bytes, as: kind) == nil)
            let fromGarbage = replayTrace(
                scenario.strategy,
                rate: scenario.rate,
                start: scenario.start,
                state: bytes,
                scenario.steps
            )
            let fresh = scenario.replay()
            #expect(fromGarbage.map(\.decision) == fresh.map(\.decision))
            #expect(fromGarbage.map(\.after) == fresh.map(\.after))
            #expect(fromGarbage.map(\.transition.ttlMicroseconds) == fresh.map(\.transition.ttlMicroseconds))
        }
    }

    /// Bytes with the right tag and arbitrary fields (a corrupt or hostile stored value) never crash a strategy,
    /// and the decisions keep their shape.
    @Test(arguments: StrategyUnderTest.Kind.allCases)
    func corruptFieldsNeverCrash(kind: StrategyUnderTest.Kind) async {
        let extremes: [Int64] = [.min, .min + 1, -1, 0, 1, .max - 1, .max, 1_700_000_000_000_000]
        let field = Generator { rng in
            Bool.random(using: &rng)
                ? extremes.randomElement(using: &rng)! : Int64.random(in: .min ... .max, using: &rng)
        }
        await propertyCheck(
            count: 150,
            input: Scenario.generator([kind], length: 1...6),
            field.array(of: 0...7)
        ) { scenario, fields in
            var writer = StateWriter()
            writer.bytes.append(Self.tag(of: kind))
            for value in fields { writer.write(value) }
            for step in replayTrace(
                scenario.strategy,
                rate: scenario.rate,
                start: scenario.start,
                state: writer.bytes,
                scenario.steps
            ) {
                let decision = step.decision
                #expect(decision.remaining >= 0 && decision.remaining <= decision.limit)
                #expect(decision.resetAfterMicroseconds >= 0)
                switch decision.outcome {
                case .allowed: #expect(decision.retryAfterMicroseconds == 0)
                case .throttled: #expect(decision.retryAfterMicroseconds >= 1)
                case .exceedsCapacity: #expect(decision.retryAfterMicroseconds == -1)
                }
            }
        }
    }

    static func tag(of kind: StrategyUnderTest.Kind) -> UInt8 {
        switch kind {
        case .fixedWindow: FixedWindow.State.formatTag
        case .slidingWindowCounter: SlidingWindowCounter.State.formatTag
        case .slidingWindowLog: SlidingWindowLog.State.formatTag
        default: BucketState.formatTag
        }
    }

    static func int64Bytes(_ value: Int64) -> [UInt8] {
        var writer = StateWriter()
        writer.write(value)
        return writer.bytes
    }
}

/// Decodes `bytes` as the state type of `kind` and encodes the result again; `nil` when they do not decode.
private func reencoded(_ bytes: [UInt8], as kind: StrategyUnderTest.Kind) -> [UInt8]? {
    switch kind {
    case .fixedWindow: FixedWindow.State.decode(bytes)?.encoded()
    case .slidingWindowCounter: SlidingWindowCounter.State.decode(bytes)?.encoded()
    case .slidingWindowLog: SlidingWindowLog.State.decode(bytes)?.encoded()
    default: BucketState.decode(bytes)?.encoded()
    }
}

/// Every proper prefix of `bytes`, and `bytes` under any other tag, decode as `nil`.
private func expectEveryTruncationAndRetagIsRejected<State: StrategyState>(
    _ bytes: [UInt8],
    as type: State.Type,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let truncated = (0..<bytes.count).filter { State.decode(Array(bytes.prefix($0))) != nil }
    #expect(truncated.isEmpty, "prefixes of length \(truncated) decoded", sourceLocation: sourceLocation)
    var retagged = bytes
    let accepted = (UInt8.min...UInt8.max).filter { tag in
        retagged[0] = tag
        return tag != State.formatTag && State.decode(retagged) != nil
    }
    #expect(accepted.isEmpty, "tags \(accepted) decoded", sourceLocation: sourceLocation)
}
