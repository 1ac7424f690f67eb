// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Crypto

/// Whether a throttle writes client identities into its keys as they are or as a hash.
///
/// By default (``default``, hashing past ``defaultLimit`` bytes) short identities read as they are in the store
/// and a long one, such as a 60 KB header value, costs a 65-byte component instead of its own length. ``always``
/// keeps every raw address, e-mail and API key out of the store; ``keyed(by:)`` makes the hash an HMAC, so that
/// someone who reads the store cannot test guesses (an IPv4 address is one of only 2³² guesses).
///
/// ```swift
/// let secret: [UInt8] = loadSecret()  // 32 random bytes, the same on every instance
/// var configuration = Throttle<String>.Configuration(rate: "5/min")
/// configuration.identityHashing = .always.keyed(by: secret)
/// let throttle = try Throttle(uid: "login", backend: .fixed(redis), configuration: configuration)
/// ```
///
/// Changing the hashing of a running system changes the keys: clients start with fresh budgets once.
/// The written forms are described in ``KeyEncoding``.
public struct IdentityHashing: Sendable {
    enum Base: Sendable, Hashable {
        case never
        case always
        case beyond(Int)
    }

    let base: Base
    private let key: SymmetricKey?

    private init(base: Base, key: SymmetricKey?) {
        self.base = base
        self.key = key
    }

    /// Identities are written as they are (escaped), however long. Use only where identities are bounded and may
    /// be read in the store.
    public static let never = IdentityHashing(base: .never, key: nil)

    /// Every identity is written as its hash.
    public static let always = IdentityHashing(base: .always, key: nil)

    /// Identities whose written form is longer than `bytes` are hashed; shorter ones are written as they are.
    /// A negative count counts as zero.
    public static func beyond(bytes: Int) -> IdentityHashing {
        IdentityHashing(base: .beyond(max(0, bytes)), key: nil)
    }

    /// The identity length past which the default hashes.
    public static let defaultLimit = 128

    /// The default: identities of more than ``defaultLimit`` bytes are hashed.
    public static let `default` = beyond(bytes: defaultLimit)

    /// The same choice, hashing with HMAC-SHA256 under `secret` instead of plain SHA-256. Every instance that
    /// shares a store must use the same secret; 32 random bytes are plenty.
    public func keyed(by secret: some Sequence<UInt8>) -> IdentityHashing {
        IdentityHashing(base: base, key: SymmetricKey(data: Array(secret)))
    }

    /// Whether an identity whose text form is `writtenLength` bytes long is hashed.
    func hashes(writtenLength: Int) -> Bool {
        switch base {
        case .never: false
        case .always: true
        case .beyond(let limit): writtenLength > limit
        }
    }

    /// The 32-byte digest of `bytes`: SHA-256, or HMAC-SHA256 when keyed.
    func digest(_ bytes: [UInt8]) -> [UInt8] {
        if let key { return Array(HMAC<SHA256>.authenticationCode(for: bytes, using: key)) }
        return Array(SHA256.hash(data: bytes))
    }
}
