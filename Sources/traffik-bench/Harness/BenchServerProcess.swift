// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import TraffikProcessSupport

/// A `traffik-demo bench-server` process on a free loopback port, answering its health check.
struct BenchServerProcess: Sendable {
    let process: ChildProcess
    let port: Int

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts the server and returns once `/__bench__/health` answers 200 (within 60 s, for slow debug builds on a
    /// loaded machine). Standard error goes to `errorLog`.
    static func start(
        binary: String,
        arguments: [String],
        client: HTTPClient,
        errorLog: String? = nil
    ) async throws -> BenchServerProcess {
        let port = try LoopbackPort.free()
        let process = try ChildProcess.spawn(
            binary,
            arguments: ["bench-server", "--port", "\(port)"] + arguments,
            errorLog: errorLog
        )
        let server = BenchServerProcess(process: process, port: port)
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline, !process.hasExited {
            if await server.isHealthy(client: client) { return server }
            await pauseOnDispatch(milliseconds: 50)
        }
        await process.stop()
        throw ProcessError(
            "bench server on port \(port) did not become healthy\(errorLog.map { " (see \($0))" } ?? "")"
        )
    }

    func isHealthy(client: HTTPClient) async -> Bool {
        await Self.isHealthy(baseURL: baseURL, client: client)
    }

    /// Whether `GET /__bench__/health` answers 200 within a second.
    static func isHealthy(baseURL: String, client: HTTPClient) async -> Bool {
        do {
            let response = try await client.execute(
                HTTPClientRequest(url: baseURL + "/__bench__/health"),
                timeout: .seconds(1)
            )
            _ = try await response.body.collect(upTo: 1 << 16)
            return response.status.code == 200
        } catch {
            return false
        }
    }

    func stop() async { await process.stop() }
}
