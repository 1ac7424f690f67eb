// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Traffik
import TraffikHTTP

/// A request built by hand, for testing the shared HTTP pieces without a framework.
struct TestRequest: HTTPThrottleInput {
    var method = "GET"
    var path = "/"
    var route: String?
    var clientAddress: IPAddress? = IPAddress("192.0.2.10")
    var headers: [(String, String)] = []

    func headerValues(_ name: String) -> [String] {
        headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1)
    }
}

/// The header lookup of `headers` for a resolver.
func lookup(_ headers: [(String, String)]) -> (String) -> [String] {
    { name in headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1) }
}
