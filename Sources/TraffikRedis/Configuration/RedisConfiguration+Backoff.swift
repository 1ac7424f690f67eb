// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import TraffikConnectionPool

extension RedisConfiguration {
    /// The delays between failed connection attempts; the same `ReconnectBackoff` every shared store's client
    /// uses.
    public typealias ReconnectBackoff = TraffikConnectionPool.ReconnectBackoff
}
