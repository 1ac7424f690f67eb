// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Logging
import Synchronization
import TraffikConnectionPool

extension RedisSentinelClient {
    /// The primary to send to: the one known, else the outcome of the discovery under way or of a new one.
    func currentPrimary() async throws -> RedisSentinelPrimary {
        if let invalidConfiguration { throw invalidConfiguration }
        let next = try state.withLock { state -> Replacement in
            guard !state.isClosed else { throw Self.closedError }
            if let primary = state.primary { return .known(primary) }
            return .wait(startDiscovery(&state, preferring: nil))
        }
        return try await next.primary
    }

    /// A primary to send to instead of `stale`, after a command on it failed as if the primary had moved: the one
    /// another discovery has switched to since, else the outcome of the discovery under way or of a new one. Within
    /// ``RedisSentinelConfiguration/minimumRediscoveryInterval`` of the last discovery's end, the current primary,
    /// without asking.
    func primary(replacing stale: RedisSentinelPrimary) async throws -> RedisSentinelPrimary {
        try await state.withLock { try replacement(for: stale, in: &$0) }.primary
    }

    /// Starts looking for the primary in the background, as ``primary(replacing:)`` would, without waiting.
    func rediscoverSoon(replacing stale: RedisSentinelPrimary) {
        _ = try? state.withLock { try replacement(for: stale, in: &$0) }
    }

    /// Follows a sentinel's announcement that the primary is now at `address`: a discovery that tries `address`
    /// first starts now, or as soon as the one under way ends, whatever the rediscovery interval.
    func followAnnouncement(of address: RedisNodeAddress) {
        state.withLock { state in
            guard !state.isClosed, state.primary?.address != address else { return }
            _ = startDiscovery(&state, preferring: address)
        }
    }

    /// Checks the primary once a subscription has opened, since a switch announced while none was open was missed;
    /// at most once per rediscovery interval.
    func checkAfterSubscribing() {
        state.withLock { state in
            guard !state.isClosed, state.discovery == nil, isDue(state) else { return }
            _ = startDiscovery(&state, preferring: nil)
        }
    }

    /// How many discoveries have started, for tests.
    var discoveryCount: Int {
        state.withLock { $0.discoveries }
    }

    // MARK: - Discovering

    /// A primary known at once, or a discovery to wait for.
    enum Replacement {
        case known(RedisSentinelPrimary)
        case wait(Task<RedisSentinelPrimary, any Error>)

        var primary: RedisSentinelPrimary {
            get async throws {
                switch self {
                case .known(let primary): primary
                case .wait(let discovery): try await discovery.value
                }
            }
        }
    }

    private func replacement(for stale: RedisSentinelPrimary, in state: inout RedisSentinelState) throws -> Replacement
    {
        guard !state.isClosed else { throw Self.closedError }
        if let primary = state.primary, primary.generation != stale.generation { return .known(primary) }
        if let discovery = state.discovery { return .wait(discovery) }
        guard isDue(state) else { return .known(state.primary ?? stale) }
        return .wait(startDiscovery(&state, preferring: nil))
    }

    private func isDue(_ state: RedisSentinelState) -> Bool {
        state.lastDiscovery.map { .now - $0 >= configuration.minimumRediscoveryInterval } ?? true
    }

    /// The discovery under way (remembering `preferred` for the next), or a new one; runs under the lock.
    func startDiscovery(
        _ state: inout RedisSentinelState,
        preferring preferred: RedisNodeAddress?
    ) -> Task<RedisSentinelPrimary, any Error> {
        if let running = state.discovery {
            if let preferred { state.announced = preferred }
            return running
        }
        state.discoveries += 1
        let current = state.primary
        let discovery = Task { try await self.discover(preferring: preferred, current: current) }
        state.discovery = discovery
        return discovery
    }

    /// Why one candidate was passed over, for the error that ends a failed discovery.
    struct PassedOver: Error {
        var reason: String
        var kind: RedisClientError.Kind
    }

    /// Tries `preferred`, then asks the sentinels in turn, and adopts the first primary that confirms it.
    private func discover(
        preferring preferred: RedisNodeAddress?,
        current: RedisSentinelPrimary?
    ) async throws -> RedisSentinelPrimary {
        let name = configuration.primaryName
        var passedOver: [PassedOver] = []
        if let preferred {
            switch await confirm(preferred, current: current) {
            case .success(let client): return try adopt(preferred, client: client)
            case .failure(let refusal):
                passedOver.append(
                    PassedOver(reason: "a sentinel announced it, but \(refusal.reason)", kind: refusal.kind)
                )
            }
        }
        for (sentinel, sentinelClient) in zip(configuration.sentinels, sentinelClients) where !Task.isCancelled {
            let address: RedisNodeAddress
            do {
                let reply = try await sentinelClient.send("SENTINEL", "get-master-addr-by-name", RESPArgument(name))
                guard let named = try RedisSentinelReply.primaryAddress(in: reply, from: sentinel, name: name) else {
                    passedOver.append(
                        PassedOver(
                            reason: "sentinel \(sentinel) knows no primary named \(name)",
                            kind: .connectionFailed
                        )
                    )
                    continue
                }
                address = named
            } catch {
                passedOver.append(Self.refusal("sentinel \(sentinel)", error))
                continue
            }
            switch await confirm(address, current: current) {
            case .success(let client): return try adopt(address, client: client)
            case .failure(let refusal):
                passedOver.append(
                    PassedOver(
                        reason: "sentinel \(sentinel) named \(address), but \(refusal.reason)",
                        kind: refusal.kind
                    )
                )
            }
        }
        throw failed(passedOver)
    }

    /// A client of `address` once its server has said `ROLE` `master`: the current primary's own client when it is
    /// at that address, else a new one.
    private func confirm(
        _ address: RedisNodeAddress,
        current: RedisSentinelPrimary?
    ) async -> Result<RedisClient, PassedOver> {
        let isCurrent = current?.address == address
        let client: RedisClient
        if let current, isCurrent {
            client = current.client
        } else {
            client = RedisClient(
                configuration: configuration.configuration(forPrimary: address),
                eventLoopGroup: eventLoopGroup,
                logger: logger
            )
        }
        let outcome: PassedOver
        do {
            let role = try await client.send("ROLE")
            if RedisSentinelReply.isPrimary(role: role) { return .success(client) }
            outcome = PassedOver(
                reason: "\(address) says it is a \(RedisSentinelReply.roleName(role)), not the primary",
                kind: .connectionFailed
            )
        } catch {
            outcome = Self.refusal("\(address)", error)
        }
        if !isCurrent { await client.close() }
        return .failure(outcome)
    }

    /// Why `who` failed to answer: a client error keeps its kind, a refusal to authenticate is a failed handshake,
    /// any other error reply a protocol error (the server is not a sentinel, or not a primary, as expected).
    private static func refusal(_ who: String, _ error: any Error) -> PassedOver {
        switch error {
        case let error as RedisClientError:
            return PassedOver(reason: "\(who): \(error.message)", kind: error.kind)
        case let error as RedisServerError:
            let refusesAccess = ["NOAUTH", "WRONGPASS", "NOPERM"].contains(error.code)
            return PassedOver(
                reason: "\(who) answered \(ReplyExcerpt.of(error.message))",
                kind: refusesAccess ? .handshakeFailed : .protocolError
            )
        default:
            return PassedOver(reason: "\(who): \(error)", kind: .connectionFailed)
        }
    }

    // MARK: - Ending a discovery

    /// Makes `client` of `address` the primary, unless the client was closed meanwhile; logs a change.
    private func adopt(_ address: RedisNodeAddress, client: RedisClient) throws -> RedisSentinelPrimary {
        let adopted = state.withLock { state -> (RedisSentinelPrimary, replaced: RedisSentinelPrimary?, isNew: Bool)? in
            state.discovery = nil
            state.lastDiscovery = .now
            guard !state.isClosed else { return nil }
            let previous = state.primary
            if let previous, previous.address == address {
                followAnnounced(&state)
                return (previous, nil, false)
            }
            let primary = RedisSentinelPrimary(address: address, client: client, generation: state.nextGeneration)
            state.nextGeneration += 1
            state.primary = primary
            followAnnounced(&state)
            return (primary, previous, true)
        }
        guard let (primary, replaced, isNew) = adopted else {
            Task { await client.close() }
            throw Self.closedError
        }
        let name = configuration.primaryName
        if let replaced {
            logger.notice(
                "the Redis primary changed",
                metadata: [
                    "redis.sentinel.name": "\(name)", "redis.primary": "\(address)",
                    "redis.previous_primary": "\(replaced.address)",
                ]
            )
            // Its replies in flight still arrive; its later commands fail as closed and go to the new primary.
            Task { await replaced.client.close() }
        } else if isNew {
            logger.info(
                "found the Redis primary",
                metadata: ["redis.sentinel.name": "\(name)", "redis.primary": "\(address)"]
            )
        }
        return primary
    }

    /// Records a failed discovery and returns its error.
    private func failed(_ passedOver: [PassedOver]) -> RedisClientError {
        let isClosed = state.withLock { state in
            state.discovery = nil
            state.lastDiscovery = .now
            if !state.isClosed { followAnnounced(&state) }
            return state.isClosed
        }
        if isClosed { return Self.closedError }
        let kinds = Set(passedOver.map(\.kind))
        let kind = kinds.count == 1 ? passedOver[0].kind : .connectionFailed
        let reasons =
            passedOver.isEmpty ? "the discovery was cancelled" : passedOver.map(\.reason).joined(separator: "; ")
        let error = RedisClientError(
            kind,
            "no sentinel named a primary for \(configuration.primaryName) that confirms it: \(reasons)"
        )
        logger.warning("cannot find the Redis primary", metadata: ["redis.error": "\(error)"])
        return error
    }

    /// Starts the discovery of a primary a sentinel announced during the one that just ended; runs under the lock.
    private func followAnnounced(_ state: inout RedisSentinelState) {
        guard let announced = state.announced else { return }
        state.announced = nil
        if state.primary?.address != announced { _ = startDiscovery(&state, preferring: announced) }
    }
}
