// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// The throttles of an application by uid: uids are unique within a registry, and the registry can switch them
/// all off (a maintenance kill switch) and on again.
///
/// Throttles register themselves when built and leave when released. Tests can use a registry of their own to
/// keep uids apart.
///
/// ```swift
/// ThrottleRegistry.shared.disableAll()   // every throttle lets everything through
/// ThrottleRegistry.shared.enableAll()
/// ```
public final class ThrottleRegistry: Sendable {
    /// The registry throttles use unless given another.
    public static let shared = ThrottleRegistry()

    private struct Member {
        weak var throttle: (any RegisteredThrottle)?
        let id: ObjectIdentifier
    }
    private let members = Mutex<[String: Member]>([:])

    /// Creates an empty registry.
    public init() {}

    /// The uids of the live throttles.
    public var uids: [String] {
        members.withLock { members in members.compactMap { $0.value.throttle == nil ? nil : $0.key }.sorted() }
    }

    /// Whether a live throttle has this uid.
    public func contains(_ uid: String) -> Bool {
        members.withLock { $0[uid]?.throttle != nil }
    }

    /// Disables the throttle with this uid; returns whether there was one.
    @discardableResult
    public func disable(_ uid: String) -> Bool { throttle(uid)?.setDisabled(true) != nil }

    /// Enables the throttle with this uid; returns whether there was one.
    @discardableResult
    public func enable(_ uid: String) -> Bool { throttle(uid)?.setDisabled(false) != nil }

    /// Disables every throttle in the registry.
    public func disableAll() { all().forEach { $0.setDisabled(true) } }

    /// Enables every throttle in the registry, including ones disabled one by one.
    public func enableAll() { all().forEach { $0.setDisabled(false) } }

    func register(_ throttle: any RegisteredThrottle) throws(ThrottleError) {
        let uid = throttle.uid
        let added = members.withLock { members -> Bool in
            if members[uid]?.throttle != nil { return false }
            members[uid] = Member(throttle: throttle, id: ObjectIdentifier(throttle))
            return true
        }
        if !added { throw .duplicateUID(uid) }
    }

    func unregister(_ uid: String, id: ObjectIdentifier) {
        members.withLock { members in
            if members[uid]?.id == id { members[uid] = nil }
        }
    }

    private func throttle(_ uid: String) -> (any RegisteredThrottle)? {
        members.withLock { $0[uid]?.throttle }
    }

    private func all() -> [any RegisteredThrottle] {
        members.withLock { $0.values.compactMap(\.throttle) }
    }
}

/// A throttle as its registry sees it.
protocol RegisteredThrottle: AnyObject, Sendable {
    var uid: String { get }
    func setDisabled(_ disabled: Bool)
}
