import ArgumentParser
import Hummingbird
import Logging
import TraffikHTTP

/// `traffik-demo serve`: a Hummingbird server whose routes show the throttles at work (in memory; nothing else to
/// install).
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

    func run() async throws {
        var logger = Logger(label: "traffik-demo")
        logger.logLevel = .info
        var server = DemoServer(host: host, port: port)
        do {
            server.resolver = try ClientAddressResolver(trustedProxies: trustedProxies)
        } catch {
            throw ValidationError("\(error)")
        }
        for line in server.banner { logger.info("\(line)") }
        try await server.makeApplication(logger: logger).runService()
    }
}
