// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// An error of the shape the library's store errors share (``BackendError``, and the Redis and Memcached client
/// errors): a kind from an open set of names, a sentence for logs, and the error underneath. Their description is
/// written here, once.
package protocol CodedError: Error, CustomStringConvertible {
    /// The kind of error: a name from an open set.
    associatedtype Kind: CustomStringConvertible

    /// What the error is, as its description begins, such as `backend error`.
    static var errorName: String { get }
    /// What went wrong.
    var kind: Kind { get }
    /// A sentence for logs.
    var message: String { get }
    /// The error underneath, if any.
    var underlying: (any Error)? { get }
}

extension CodedError {
    /// `name (kind): message`, then `: underlying` when there is an error underneath: the description, for logs.
    package var codedDescription: String {
        let head = "\(Self.errorName) (\(kind)): \(message)"
        guard let underlying else { return head }
        return "\(head): \(underlying)"
    }
}
