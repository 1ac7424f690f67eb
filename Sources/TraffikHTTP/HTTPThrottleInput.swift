// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import HTTPTypes
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
    /// The values of a header, one per field line, in order.
    func headerValues(_ name: HTTPField.Name) -> [String]
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
    ///
    /// ```swift
    /// input.header(.authorization)
    /// ```
    public func header(_ name: HTTPField.Name) -> String? { headerValues(name).first }

    /// The first value of the header named `name` (case-insensitive), if any; `nil` as well for a name that is
    /// not a valid field name.
    ///
    /// ```swift
    /// input.header("X-API-Key")
    /// ```
    public func header(_ name: String) -> String? { HTTPField.Name(name).flatMap(header) }
}
