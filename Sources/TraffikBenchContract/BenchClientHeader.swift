// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// The header the harness names each simulated client with, and the bench server keys its throttle by: `X-Client-ID`.
package enum BenchClientHeader {
    /// The header's name.
    package static let name = "X-Client-ID"
}
