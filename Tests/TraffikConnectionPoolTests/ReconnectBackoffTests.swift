// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
import TraffikConnectionPool

@Suite struct ReconnectBackoffTests {
    @Test func doublesFromTheMinimumUpToTheMaximum() {
        let backoff = ReconnectBackoff(minimum: .milliseconds(50), maximum: .seconds(1))
        #expect(backoff.delay(afterFailures: 0) == .zero)
        #expect(backoff.delay(afterFailures: 1) == .milliseconds(50))
        #expect(backoff.delay(afterFailures: 3) == .milliseconds(200))
        #expect(backoff.delay(afterFailures: 1_000_000) == .seconds(1))
    }

    /// Settings read from a file or URL used to trap in preconditions; they are corrected instead.
    @Test func outOfRangeSettingsAreCorrectedNotTrappedOn() {
        let zero = ReconnectBackoff(minimum: .zero, maximum: .zero)
        #expect(zero.minimum == .milliseconds(1))
        #expect(zero.maximum == .milliseconds(1))
        let inverted = ReconnectBackoff(minimum: .seconds(5), maximum: .seconds(1))
        #expect(inverted.maximum == .seconds(5))
        let negative = ReconnectBackoff(minimum: .seconds(-1), maximum: .seconds(-10))
        #expect(negative.delay(afterFailures: Int.max) == .milliseconds(1))
    }
}
