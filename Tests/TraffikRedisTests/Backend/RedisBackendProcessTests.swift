import Foundation
import Testing
import Traffik
import TraffikRedis

/// Two operating-system processes hit one key on one Redis: together they admit exactly the limit.
@Suite struct RedisBackendProcessTests {
    /// `traffik-bench`, built beside the test binary by `swift build --build-tests`.
    static var benchExecutable: URL {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        // The test binary may sit inside an .xctest bundle.
        while directory.pathExtension == "xctest" || directory.lastPathComponent == "Contents" {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("traffik-bench")
    }

    @Test(arguments: RedisBackendConcurrencyTests.strategyNames)
    func twoProcessesAdmitExactlyTheLimit(strategy: String) async throws {
        try await withRedis { server, _ in
            let executable = Self.benchExecutable
            #expect(
                FileManager.default.isExecutableFile(atPath: executable.path),
                "build with swift build --build-tests"
            )
            let processes = try (0..<2).map { _ in
                try Self.launch(
                    executable,
                    [
                        "redis-hits", "--url", server.url(), "--key", "hot-\(strategy)", "--strategy", strategy,
                        "--rate", "100/h", "--hits", "500", "--concurrency", "50",
                    ]
                )
            }
            var admitted = 0
            for (process, output) in processes {
                try await Self.waitForExit(process, within: .seconds(60))
                #expect(process.terminationStatus == 0)
                let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                admitted += Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -10_000
            }
            #expect(admitted == 100)
        }
    }

    /// Waits for `process` to end without holding a thread, killing it and failing after `limit`.
    private static func waitForExit(_ process: Process, within limit: Duration) async throws {
        struct StillRunning: Error, CustomStringConvertible {
            var description: String
        }
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while process.isRunning {
            guard clock.now < deadline else {
                kill(process.processIdentifier, SIGKILL)
                throw StillRunning(description: "traffik-bench (pid \(process.processIdentifier)) ran past \(limit)")
            }
            try await pause(for: .milliseconds(20))
        }
    }

    private static func launch(_ executable: URL, _ arguments: [String]) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        return (process, output)
    }
}

extension RedisBackendConcurrencyTests {
    static let strategyNames = [
        "fixed-window", "sliding-window-counter", "sliding-window-log", "token-bucket", "token-bucket-with-debt",
        "leaky-bucket", "leaky-bucket-with-queue", "gcra",
    ]
}
