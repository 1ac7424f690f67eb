// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import Testing
import TraffikRedis

@Suite struct RedisServerErrorTests {
    @Test(arguments: [
        ("ERR unknown command 'FOO'", RedisServerError.Kind.generic),
        ("NOSCRIPT No matching script. Please use EVAL.", .noScript),
        ("BUSY Redis is busy running a script.", .busy),
        ("LOADING Redis is loading the dataset in memory", .loading),
        ("WRONGTYPE Operation against a key holding the wrong kind of value", .wrongType),
        ("MOVED 3999 127.0.0.1:6381", .moved(slot: 3999, host: "127.0.0.1", port: 6381)),
        ("ASK 3999 10.0.0.7:7002", .ask(slot: 3999, host: "10.0.0.7", port: 7002)),
        ("MOVED 12 ::1:7001", .moved(slot: 12, host: "::1", port: 7001)),
        ("MOVED 12 :7001", .moved(slot: 12, host: "", port: 7001)),
        ("MOVED nonsense", .other("MOVED")),
        ("WRONGPASS invalid username-password pair or user is disabled.", .other("WRONGPASS")),
        ("NOAUTH Authentication required.", .other("NOAUTH")),
        ("", .other("")),
    ])
    func classifiesByFirstWord(message: String, kind: RedisServerError.Kind) {
        let error = RedisServerError(message: message)
        #expect(error.kind == kind)
        #expect(error.message == message)
    }

    @Test func codeAndDescription() {
        let error = RedisServerError(message: "NOSCRIPT No matching script.")
        #expect(error.code == "NOSCRIPT")
        #expect(error.description == "redis server error: NOSCRIPT No matching script.")
    }
}
