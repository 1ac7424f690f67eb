// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import Testing

@testable import TraffikRedis

@Suite struct RedisCommandKeysTests {
    @Test(arguments: [
        (["EVALSHA", "sha", "2", "a", "b", "argument"], ["a", "b"]),
        (["EVAL", "return 1", "0", "argument"], []),
        (["MSET", "a", "1", "b", "2"], ["a", "b"]),
        (["DEL", "a", "b"], ["a", "b"]),
        (["GET", "a"], ["a"]),
        (["SET", "a", "1", "PX", "10"], ["a"]),
        (["SCRIPT", "LOAD", "return 1"], []),
        (["time"], []),
    ])
    func readsTheKeys(command: [String], keys: [String]) {
        #expect(RedisCommandKeys.of(command.map { RESPArgument($0) }) == keys.map { RESPArgument($0) })
    }
}
