// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import Testing

/// The tests that start a sentinel group, one at a time: each starts five processes, and failovers that overlap on a
/// small machine would stretch each other's timings.
@Suite(.serialized) enum RedisSentinelTests {}
