// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import NIOSSL
import StoreTestSupport
import TestServerSupport
import Testing
import Traffik
import TraffikProcessSupport
import TraffikRedis

/// `rediss://`: a real redis-server listening with TLS, a certificate made for these tests (`Fixtures/`).
@Suite struct RedisTLSTests {
    /// The test certificate and key, valid for `127.0.0.1` and `localhost`.
    static let fixtures: String = {
        var path = #filePath
        while let last = path.last, last != "/" { path.removeLast() }
        return path + "Fixtures/"
    }()

    /// Starts a server with a plain port (for the readiness probe) and a TLS port, and runs `body` with the TLS port.
    func withTLSRedis(_ body: (Int) async throws -> Void) async throws {
        let tlsPort = try LoopbackPort.free()
        try await onDedicatedThreads {
            try await RedisServerProcess.with(extraArguments: [
                "--tls-port", "\(tlsPort)", "--tls-cert-file", Self.fixtures + "redis-test-cert.pem",
                "--tls-key-file", Self.fixtures + "redis-test-key.pem", "--tls-auth-clients", "no",
            ]) { _ in try await body(tlsPort) }
        }
    }

    /// A configuration for the TLS port that trusts the test certificate.
    func trustingConfiguration(port: Int, host: String = "127.0.0.1") throws -> RedisConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(Self.fixtures + "redis-test-cert.pem"))
        var configuration = try RedisConfiguration(url: "rediss://\(host):\(port)")
        configuration.tls?.configuration = tls
        configuration.connectTimeout = .seconds(5)
        configuration.commandTimeout = .seconds(5)
        return configuration
    }

    @Test func commandsAndDecisionsGoOverTLS() async throws {
        try await withTLSRedis { port in
            for host in ["127.0.0.1", "localhost"] {
                let client = makeClient(try trustingConfiguration(port: port, host: host))
                #expect(try await client.send("PING") == .simpleString("PONG"))
                try await client.send("SET", "over-tls", RESPArgument(host))
                #expect(try await client.send("GET", "over-tls").string == host)
                let backend = RedisBackend(client: client, namespace: "tls-\(host)")
                let throttle = try Throttle<String>(
                    uid: "tls:\(host):\(port)",
                    rate: "2/day",
                    backend: .fixed(backend),
                    registry: ThrottleRegistry()
                )
                #expect(try await throttle.hit("user").isAllowed)
                #expect(try await throttle.hit("user").isAllowed)
                #expect(try await !throttle.hit("user").isAllowed)
                await client.close()
            }
        }
    }

    @Test func anUntrustedCertificateFailsTheConnection() async throws {
        try await withTLSRedis { port in
            // The system's trust roots do not include the test certificate.
            var configuration = try RedisConfiguration(url: "rediss://127.0.0.1:\(port)")
            configuration.connectTimeout = .seconds(5)
            configuration.commandTimeout = .seconds(5)
            let client = makeClient(configuration)
            await #expect { try await client.send("PING") } throws: { error in
                let kind = (error as? RedisClientError)?.kind
                return kind == .connectionClosed || kind == .connectionFailed || kind == .handshakeFailed
            }
            await client.close()
        }
    }

    @Test func aPlainClientIsRefusedByTheTLSPort() async throws {
        try await withTLSRedis { port in
            var configuration = try RedisConfiguration(url: "redis://127.0.0.1:\(port)")
            configuration.commandTimeout = .seconds(5)
            let client = makeClient(configuration)
            await #expect(throws: RedisClientError.self) { try await client.send("PING") }
            await client.close()
        }
    }
}
