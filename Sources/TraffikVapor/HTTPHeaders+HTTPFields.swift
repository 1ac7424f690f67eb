// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import TraffikHTTP
public import Vapor

extension HTTPHeaders {
    /// Vapor's headers for swift-http-types fields, one line per field, in order.
    public init(_ fields: HTTPFields) {
        self.init(fields.map { ($0.name.rawName, $0.value) })
    }

    /// Sets each field of `fields`, replacing the values a header of that name had.
    mutating func set(_ fields: HTTPFields) {
        for field in fields { replaceOrAdd(name: field.name.rawName, value: field.value) }
    }
}
