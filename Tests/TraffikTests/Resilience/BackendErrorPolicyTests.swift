// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
import Traffik

/// The README's custom error policy, which reads the ``BackendError`` kind: fail open while the store is away,
/// closed when it answers wrongly.
@Suite struct BackendErrorPolicyTests {
    static let policy = ErrorPolicy.custom { failure in
        let kind = (failure.error as? BackendError)?.kind
        return kind == .unavailable || kind == .timeout
            ? .unrestricted(.errorPolicy) : .refused(.errorPolicy, retryAfter: .seconds(1), rate: failure.rate)
    }

    @Test(arguments: [
        (BackendError.Kind.unavailable, true), (.timeout, true), (.protocol, false), (.server, false), (.closed, false),
    ])
    func aPolicyDecidesByTheKind(_ kind: BackendError.Kind, _ admitted: Bool) async throws {
        let backend = BrokenBackend(failure: kind)
        var configuration = Throttle<String>.Configuration(rate: "5/min")
        configuration.errorPolicy = Self.policy
        let throttle = try Throttle<String>(
            uid: "kinds-\(kind)",
            backend: .fixed(backend),
            configuration: configuration
        )
        let decision = try await throttle.hit("a")
        #expect(decision.reason == .errorPolicy)
        #expect(decision.isAllowed == admitted)
    }
}
