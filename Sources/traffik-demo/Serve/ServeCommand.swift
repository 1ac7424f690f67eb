import ArgumentParser
import Hummingbird
import Logging
import Traffik
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
        help: ArgumentHelp(
            "A proxy (address or CIDR range) whose X-Forwarded-For and Forwarded headers are believed; repeatable."
        )
    )
    var trustedProxies: [String] = []

    @Option(help: "The server framework: hummingbird or vapor.")
    var framework = Framework.hummingbird

    @Option(
        name: .customLong("redis-url"),
        help: ArgumentHelp("Put the enterprise and premium tiers of /api/data on this Redis (redis://host:port/db).")
    )
    var redisURL: String?

    func run() async throws {
        var logger = Logger(label: "traffik-demo")
        logger.logLevel = .info
        var server = DemoServer(host: host, port: port)
        do {
            server.resolver = try ClientAddressResolver(trustedProxies: trustedProxies)
        } catch {
            throw ValidationError("\(error)")
        }
        if let redisURL {
            do {
                server.tiers = try .redis(url: redisURL, clock: SystemClock())
            } catch {
                throw ValidationError("\(error)")
            }
            logger.info("enterprise and premium tiers on \(redisURL)")
        }
        for line in server.banner { logger.info("\(line)") }
        logger.info("serving with \(framework.rawValue)")
        switch framework {
        case .hummingbird: try await server.makeApplication(logger: logger).runService()
        case .vapor: try await server.runVapor(logger: logger)
        }
    }
}
