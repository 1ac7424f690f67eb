import TestServerSupport
import Testing
import Traffik
import TraffikRedis

/// Two operating-system processes hit one key on one Redis: together they admit exactly the limit.
@Suite struct RedisBackendProcessTests {
    @Test(arguments: RedisBackendConcurrencyTests.strategyNames)
    func twoProcessesAdmitExactlyTheLimit(strategy: String) async throws {
        try await withRedis { server, _ in
            let executable = siblingExecutable("traffik-bench")
            #expect(isExecutable(executable), "build with swift build --build-tests")
            let arguments = [
                "redis-hits", "--url", server.url(), "--key", "hot-\(strategy)", "--strategy", strategy,
                "--rate", "100/h", "--hits", "500", "--concurrency", "50",
            ]
            async let first = ChildProcess.run(executable, arguments: arguments)
            async let second = ChildProcess.run(executable, arguments: arguments)
            var admitted = 0
            for (status, output) in try await [first, second] {
                #expect(status == 0)
                admitted += Int(output.filter(\.isNumber)) ?? -10_000
            }
            #expect(admitted == 100)
        }
    }
}

extension RedisBackendConcurrencyTests {
    static let strategyNames = [
        "fixed-window", "sliding-window-counter", "sliding-window-log", "token-bucket", "token-bucket-with-debt",
        "leaky-bucket", "leaky-bucket-with-queue", "gcra",
    ]
}
