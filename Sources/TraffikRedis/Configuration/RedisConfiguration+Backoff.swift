// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Traffik

extension RedisConfiguration {
    /// The delays between failed connection attempts; the same ``Traffik/ReconnectBackoff`` every shared store's
    /// client uses.
    public typealias ReconnectBackoff = Traffik.ReconnectBackoff
}
