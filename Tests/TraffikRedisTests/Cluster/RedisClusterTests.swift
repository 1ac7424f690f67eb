// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import Testing

/// The tests that start a Redis Cluster, one at a time: each starts three servers and sends thousands of commands,
/// and several at once on a small machine would starve the tests that measure how fast a client fails.
@Suite(.serialized) enum RedisClusterTests {}
