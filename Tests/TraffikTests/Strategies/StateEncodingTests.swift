// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import PropertyBased
import Testing
@_spi(Backend) import Traffik

/// Strategy states encode to compact tagged bytes and back; bytes that are not a state of the right type decode
/// as no state, and a strategy then decides as for a fresh key. Here: what holds across the state types, and the
/// ``BucketState`` the five bucket strategies share. Each window state's round trip is in its strategy's tests, and
/// every strategy's written, garbage and corrupt states are a ``StrategyProperty``.
@Suite struct StateEncodingTests {
    static let tags: [UInt8] = [
        FixedWindow.State.formatTag, SlidingWindowCounter.State.formatTag, SlidingWindowLog.State.formatTag,
        BucketState.formatTag,
    ]

    @Test func formatTagsAreDistinct() {
        #expect(Set(Self.tags).count == Self.tags.count)
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
                    [SlidingWindowLog.State.formatTag] + int64Bytes(other) + int64Bytes(1)
                    + int64Bytes(other) + int64Bytes(cost)
                #expect(SlidingWindowLog.State.decode(log) == nil)
            }
        }
    }
}
