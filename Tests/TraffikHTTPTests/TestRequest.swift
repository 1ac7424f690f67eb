// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import HTTPTypes
import Traffik
import TraffikHTTP

/// A request built by hand, for testing the shared HTTP pieces without a framework.
struct TestRequest: HTTPThrottleInput {
    var method = "GET"
    var path = "/"
    var route: String?
    var clientAddress: IPAddress? = IPAddress("192.0.2.10")
    var headers: [(String, String)] = []

    func headerValues(_ name: HTTPField.Name) -> [String] { lookup(headers)(name) }
}

/// The header lookup of `headers` for a resolver.
func lookup(_ headers: [(String, String)]) -> (HTTPField.Name) -> [String] {
    { name in headers.filter { HTTPField.Name($0.0) == name }.map(\.1) }
}
