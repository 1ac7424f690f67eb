// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Hummingbird
import Logging
import Traffik
import TraffikBenchContract
import TraffikHTTP

/// `traffik-demo serve`: a Hummingbird (or, with `--framework vapor`, Vapor) server whose routes show the throttles
/// at work (in memory; nothing else to install).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the demo routes on a local port."
    )

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port = 8080

    @Option(
        name: .customLong("trusted-proxy"),
        help: ArgumentHelp("A proxy (address or CIDR range) whose --proxy-header is believed; repeatable.")
    )
    var trustedProxies: [String] = []

    @Option(
        name: .customLong("trusted-hops"),
        help: ArgumentHelp(
            "Believe --proxy-header through this many proxies, whatever their addresses (only when the server is "
                + "reachable through them alone)."
        )
    )
    var trustedHops: Int?

    @Option(
        name: .customLong("proxy-header"),
        help: ArgumentHelp(
            "The one header the trusted proxies write: "
                + ProxyHeader.allCases.map { $0.name.lowercased() }.joined(separator: ", ")
                + ". Required with --trusted-proxy or --trusted-hops; no other header is read."
        )
    )
    var proxyHeader: String?

    @Option(
        name: .customLong("ipv6-prefix"),
        help: ArgumentHelp("Identify IPv6 clients by this many leading bits (1-128), or 'off' for each address alone.")
    )
    var ipv6Prefix = "\(ClientAddressResolver.defaultIPv6PrefixLength)"

    @Option(help: "The server framework: hummingbird or vapor.")
    var framework = Framework.hummingbird

    @Option(
        name: .customLong("redis-url"),
        help: ArgumentHelp("Put the enterprise and premium tiers of /api/data on this Redis (redis://host:port/db).")
    )
    var redisURL: String?

    @Option(
        help: ArgumentHelp(
            "What decides for the Redis tiers while Redis fails: none (the error policy) or memory (an in-memory "
                + "backend per tier). Needs --redis-url."
        )
    )
    var failover = FailoverChoice.none

    func run() async throws {
        var logger = Logger(label: "traffik-demo")
        logger.logLevel = .info
        var server = DemoServer(host: host, port: port)
        server.resolver = try makeResolver()
        if let tiers = try makeTiers(), let redisURL {
            server.tiers = tiers
            logger.info("enterprise and premium tiers on \(redisURL), failover: \(failover.rawValue)")
        }
        for line in server.banner { logger.info("\(line)") }
        logger.info("serving with \(framework.rawValue)")
        switch framework {
        case .hummingbird: try await server.makeApplication(logger: logger).runService()
        case .vapor: try await server.runVapor(logger: logger)
        }
    }

    func validate() throws {
        _ = try makeResolver()
        if failover != .none, redisURL == nil { throw ValidationError("--failover needs --redis-url") }
    }

    /// The tiers' backends the options describe, or `nil` for the in-memory default.
    func makeTiers() throws(ValidationError) -> TierBackends? {
        guard let redisURL else { return nil }
        do {
            return try .redis(url: redisURL, failover: failover, clock: SystemClock())
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// The resolver the options describe: the socket peer unless proxies are trusted, and then only through the
    /// one header named.
    func makeResolver() throws(ValidationError) -> ClientAddressResolver {
        let prefix: Int?
        if ipv6Prefix.lowercased() == "off" {
            prefix = nil
        } else if let length = Int(ipv6Prefix) {
            prefix = length
        } else {
            throw ValidationError("--ipv6-prefix must be a prefix length (1-128) or 'off', not '\(ipv6Prefix)'")
        }
        do {
            if trustedProxies.isEmpty, trustedHops == nil {
                guard proxyHeader == nil else {
                    throw ValidationError("--proxy-header needs --trusted-proxy or --trusted-hops")
                }
                return try ClientAddressResolver(ipv6PrefixLength: prefix)
            }
            guard trustedProxies.isEmpty || trustedHops == nil else {
                throw ValidationError("give --trusted-proxy or --trusted-hops, not both")
            }
            guard let name = proxyHeader else {
                throw ValidationError(
                    "--trusted-proxy and --trusted-hops need --proxy-header, the one header they write"
                )
            }
            guard let header = ProxyHeader(named: name) else {
                throw ValidationError(
                    "--proxy-header '\(name)' is none of "
                        + ProxyHeader.allCases.map { $0.name.lowercased() }.joined(separator: ", ")
                )
            }
            if let trustedHops {
                return try ClientAddressResolver(header: header, trustedHops: trustedHops, ipv6PrefixLength: prefix)
            }
            return try ClientAddressResolver(header: header, trustedProxies: trustedProxies, ipv6PrefixLength: prefix)
        } catch let error as ValidationError {
            throw error
        } catch {
            throw ValidationError("\(error)")
        }
    }
}
