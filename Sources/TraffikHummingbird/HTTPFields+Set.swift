// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import HTTPTypes

extension HTTPFields {
    /// Sets each field of `fields`, replacing the values a field of that name had.
    mutating func set(_ fields: HTTPFields) {
        for field in fields { self[field.name] = field.value }
    }
}
