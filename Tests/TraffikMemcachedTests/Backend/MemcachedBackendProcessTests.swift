import TestServerSupport
import Testing
import Traffik
import TraffikMemcached

/// Two operating-system processes hit one key on one Memcached: together they admit exactly the limit.
@Suite struct MemcachedBackendProcessTests {
    @Test(arguments: Strategy.builtIns.map(\.name))
    func twoProcessesAdmitExactlyTheLimit(strategy: String) async throws {
        try await withMemcached { servers, _ in
            let executable = siblingExecutable("traffik-bench")
            #expect(isExecutable(executable), "build with swift build --build-tests")
            let arguments = [
                "memcached-hits", "--servers", "\(servers[0].address)", "--key", "hot-\(strategy)", "--strategy",
                strategy, "--rate", "100/h", "--hits", "500", "--concurrency", "50",
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
