// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

extension Duration {
    /// The longest timeout or backoff a client's configuration accepts (24 hours): longer ones are mistakes, and
    /// would overflow the clock arithmetic of the connections.
    package static let longestWait = Duration.seconds(24 * 3600)
}
