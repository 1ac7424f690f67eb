// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// Why a Redis URL was refused by ``RedisConfiguration/init(url:)``.
public struct RedisURLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The part of the URL that is wrong.
    public enum Kind: Sendable, Hashable {
        /// The scheme is neither `redis://` nor `rediss://`.
        case unsupportedScheme
        /// The host is missing or malformed.
        case invalidHost
        /// The port is not a number in 1...65535.
        case invalidPort
        /// The path is not `/` followed by a database number.
        case invalidDatabase
        /// The user information is malformed (bad percent-encoding, or a user without a password).
        case invalidCredentials
        /// The URL has a query or fragment, which this client does not read.
        case unsupportedComponent
        /// A setting given with the URL cannot work (a pool of no connections, a timeout that is not positive).
        case invalidSetting
    }

    /// The part of the URL that is wrong.
    public var kind: Kind
    /// The URL, with any password masked.
    public var url: String
    /// What is wrong, in a sentence.
    public var reason: String

    /// Creates an error.
    public init(_ kind: Kind, url: String, reason: String) {
        self.kind = kind
        self.url = url
        self.reason = reason
    }

    /// The masked URL and the reason, in one sentence.
    public var description: String { "invalid Redis URL '\(url)': \(reason)" }
}
