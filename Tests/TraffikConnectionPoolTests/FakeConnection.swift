// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import TraffikConnectionPool

/// A connection with no socket: the tests set how busy it is and whether it has finished.
final class FakeConnection: PooledConnection {
    let id: Int
    var isFinished = false
    var commandsInFlight = 0

    init(id: Int) {
        self.id = id
    }
}
