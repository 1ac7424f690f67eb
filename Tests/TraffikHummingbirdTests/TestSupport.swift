// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWebSocket
import NIOCore
import Traffik
import TraffikHTTP
import TraffikHummingbird

/// A context with everything the integration can use: the peer and its resolved client, the channel, a slot for
/// recorded decisions, WebSockets.
struct TestContext: RequestContext, ClientAddressRequestContext, ThrottleDecisionRequestContext,
    WebSocketRequestContext,
    ChannelRequestContext
{
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?
    var resolvedClient: ResolvedClient?
    let channel: any Channel
    var throttleDecision: Decision?
    let webSocket: WebSocketHandlerReference<Self>

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
        self.channel = source.channel
        self.webSocket = .init()
    }
}

/// A throttle on a backend of its own, named after the test.
func makeThrottle(
    _ rate: RateSource<HummingbirdRequest<TestContext>>,
    strategy: Strategy = .fixedWindow,
    backend: BackendSource? = nil,
    identifier: (@Sendable (HummingbirdRequest<TestContext>) async throws -> Identity)? = nil,
    function: String = #function
) throws -> HummingbirdThrottle<TestContext> {
    var configuration = HummingbirdThrottle<TestContext>.Configuration(rate: rate, strategy: strategy)
    configuration.identifier = identifier
    return try HummingbirdThrottle<TestContext>(
        uid: "\(function):\(UInt64.random(in: 0...UInt64.max))",
        backend: backend ?? .fixed(InMemoryBackend(clock: ManualClock(microseconds: 1_700_000_040_000_000))),
        configuration: configuration
    )
}

/// The identity of `X-Client` when present, else the resolved address: `.router` tests have no peer.
let clientHeader: @Sendable (HummingbirdRequest<TestContext>) async throws -> Identity = { input in
    input.header("X-Client").map(Identity.client) ?? input.throttleIdentity
}

extension HTTPField.Name {
    static let xClient = HTTPField.Name("X-Client")!
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
    static let xBudget = HTTPField.Name("X-Budget")!
}
