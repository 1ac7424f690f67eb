// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0
// swift-format-ignore-file

// The README's Redis and Memcached snippets, line for line (see ReadmeSnippetTests): compiled, not run.

import Traffik
import TraffikMemcached
import TraffikRedis

enum StoreSnippets {
    static func redis() throws {
        let redis = try RedisBackend(url: "redis://localhost:6379/0", namespace: "shop")
        let checkout = try Throttle<String>(uid: "checkout", rate: "10/min", strategy: .gcra(), backend: .fixed(redis))
        _ = checkout
    }

    static func redisCluster() throws {
        let redis = try RedisBackend(
            clusterURLs: ["redis://10.0.0.7:7000", "redis://10.0.0.8:7000", "redis://10.0.0.9:7000"],
            namespace: "shop"
        )
        _ = redis
    }

    static func redisSentinel() throws {
        let redis = try RedisBackend(
            sentinels: ["10.0.0.7:26379", "10.0.0.8:26379", "10.0.0.9:26379"],
            primaryName: "limits",
            namespace: "shop"
        )
        _ = redis
    }

    static func memcached() throws {
        let memcached = try MemcachedBackend(servers: "cache-1:11211,cache-2:11211", namespace: "shop")
        let search = try Throttle<String>(uid: "search", rate: "100/min", strategy: .tokenBucket(), backend: .fixed(memcached))
        _ = search
    }
}
