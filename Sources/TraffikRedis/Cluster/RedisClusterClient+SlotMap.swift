// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Logging
import Synchronization
import TraffikConnectionPool

extension RedisClusterClient {
    /// The primary that serves `slot`, or any primary for `nil` (a command without keys).
    func primary(forSlot slot: Int?) async throws -> RedisNodeAddress {
        let map = try await slotMap()
        guard let slot else {
            guard let any = map.primaries.randomElement() else { throw Self.unassigned(nil) }
            return any
        }
        guard let primary = map.primary(for: slot) else { throw Self.unassigned(slot) }
        return primary
    }

    /// The slot map, learnt from the cluster first if the client has none yet.
    func slotMap() async throws -> RedisSlotMap {
        if let invalidConfiguration { throw invalidConfiguration }
        let (map, refresh) = try state.withLock { state -> (RedisSlotMap?, Task<RedisSlotMap, any Error>?) in
            guard !state.isClosed else { throw Self.closedError }
            if let map = state.map { return (map, nil) }
            return (nil, startRefresh(&state))
        }
        if let map { return map }
        guard let refresh else { throw Self.unassigned(nil) }
        return try await refresh.value
    }

    /// Records a `MOVED` at once and refreshes the whole map in the background, at most once per
    /// ``RedisClusterConfiguration/minimumRefreshInterval``.
    func moved(slot: Int, to address: RedisNodeAddress) {
        state.withLock { state in
            state.map?.assign(slot, to: address)
            refreshInBackground(&state)
        }
    }

    /// Starts a background refresh of the map, after a node could not be reached.
    func refreshSoon() {
        state.withLock { refreshInBackground(&$0) }
    }

    private func refreshInBackground(_ state: inout RedisClusterState) {
        let isDue = state.lastRefresh.map { .now - $0 >= configuration.minimumRefreshInterval } ?? true
        guard !state.isClosed, state.refresh == nil, isDue else { return }
        _ = startRefresh(&state)
    }

    /// The refresh under way, or a new one: the known primaries (the first
    /// ``maximumPrimariesAskedPerRefresh``, however many a server named), then the seeds, are asked for
    /// `CLUSTER SLOTS` in turn until one answers.
    func startRefresh(_ state: inout RedisClusterState) -> Task<RedisSlotMap, any Error> {
        if let running = state.refresh { return running }
        var candidates = Array((state.map?.primaries ?? []).prefix(Self.maximumPrimariesAskedPerRefresh))
        for seed in configuration.seeds where !candidates.contains(seed) { candidates.append(seed) }
        let refresh = Task { try await self.discover(asking: candidates) }
        state.refresh = refresh
        return refresh
    }

    private func discover(asking candidates: [RedisNodeAddress]) async throws -> RedisSlotMap {
        var lastError: (any Error)?
        for address in candidates where !Task.isCancelled {
            do {
                let reply = try await node(address).send("CLUSTER", "SLOTS")
                let map = try RedisSlotMap(clusterSlots: reply, queried: address)
                state.withLock { state in
                    state.map = map
                    state.refresh = nil
                    state.lastRefresh = .now
                }
                logger.debug(
                    "Redis Cluster slot map refreshed",
                    metadata: ["redis.node": "\(address)", "redis.primaries": "\(map.primaries.count)"]
                )
                return map
            } catch {
                lastError = error
            }
        }
        state.withLock { state in
            state.refresh = nil
            state.lastRefresh = .now
        }
        let asked = ReplyExcerpt.of(candidates.map(\.description).joined(separator: ", "))
        let message = "no node of the cluster answered CLUSTER SLOTS (asked \(asked))"
        logger.warning(
            "cannot learn the Redis Cluster slot map",
            metadata: ["redis.error": "\(lastError, default: "")"]
        )
        throw RedisClientError(
            (lastError as? RedisClientError)?.kind ?? .slotUnassigned,
            message,
            underlying: lastError
        )
    }

    /// How many of the known primaries one refresh asks before the seeds.
    static let maximumPrimariesAskedPerRefresh = 16

    private static func unassigned(_ slot: Int?) -> RedisClientError {
        RedisClientError(
            .slotUnassigned,
            slot.map { "no node of the cluster serves slot \($0)" } ?? "the cluster has no primaries"
        )
    }
}
