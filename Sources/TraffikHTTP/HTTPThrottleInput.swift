// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import Traffik

/// An HTTP request as the shared HTTP pieces see it: rules, identity, headers and responses work on any framework
/// whose request view conforms.
public protocol HTTPThrottleInput: ThrottleInput {
    /// The request method, upper case (`GET`).
    var method: String { get }
    /// The request path, without the query string.
    var path: String { get }
    /// The matched route pattern (`/items/:id`), when the router has matched one.
    var route: String? { get }
    /// The client's address as resolved by the integration's ``ClientAddressResolver``.
    var clientAddress: IPAddress? { get }
    /// The values of a header by name (case-insensitive), one per field line.
    func headerValues(_ name: String) -> [String]
}

extension HTTPThrottleInput {
    /// The client's address as text, else ``Identity/anonymous``.
    public var throttleIdentity: Identity { clientAddress.map { .client($0.description) } ?? .anonymous }
    /// The route pattern if matched; requests that matched no route share one constant, so a client cannot mint
    /// a budget per made-up path.
    public var throttleRoute: String? { route ?? "(unmatched)" }
    /// The method.
    public var throttleMethod: String? { method }

    /// The first value of a header, if any.
    public func header(_ name: String) -> String? { headerValues(name).first }
}
