// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import Traffik

/// The per-message policy of a throttled WebSocket, whatever the framework: the size rule, then one hit per message
/// in its own budget scope, then the refusal.
///
/// ```swift
/// let gate = WebSocketMessageGate(perClient, refusal: .close, maxMessageSize: 64 * 1024)
/// switch try await gate.verdict(forMessageOfSize: bytes, from: upgradeRequest) {
/// case .deliver: try await handle(message)
/// case .reply(let text): try await send(text)
/// case .close(let code, let reason): try await close(code, reason); return
/// }
/// ```
public struct WebSocketMessageGate<Input: ThrottleInput>: Sendable {
    /// The default scope of messages, apart from the budget of the upgrade request.
    public static var defaultScope: String { "messages" }
    /// The default largest message: 1 MiB.
    public static var defaultMaxMessageSize: Int { 1 << 20 }
    /// The reason sent with a close for a message over the size limit.
    public static var tooBigReason: String { "message too big" }

    /// Decides each message; the client is the one of the upgrade request.
    public let throttle: Throttle<Input>
    /// What a refused message gets.
    public let refusal: WebSocketMessageRefusal
    /// The budget scope of messages.
    public let scope: String
    /// The largest message accepted, in bytes; a larger one closes the connection with 1009 (message too big).
    public let maxMessageSize: Int

    /// Creates the gate.
    public init(
        _ throttle: Throttle<Input>,
        refusal: WebSocketMessageRefusal = .reply(.json),
        scope: String = WebSocketMessageGate.defaultScope,
        maxMessageSize: Int = WebSocketMessageGate.defaultMaxMessageSize
    ) {
        self.throttle = throttle
        self.refusal = refusal
        self.scope = scope
        self.maxMessageSize = max(0, maxMessageSize)
    }

    /// The verdict on a message of `size` bytes by size alone: `nil` when it fits, else the close for it. Decided
    /// without the throttle, so an integration can apply it while the message still arrives.
    public func sizeVerdict(forMessageOfSize size: Int) -> WebSocketMessageVerdict? {
        size <= maxMessageSize ? nil : .close(.messageTooBig, reason: Self.tooBigReason)
    }

    /// The verdict on a message of `size` bytes from the client of `input`: the size rule first (an oversized
    /// message consumes no budget), then one hit in `scope`.
    public func verdict(forMessageOfSize size: Int, from input: Input) async throws -> WebSocketMessageVerdict {
        if let tooBig = sizeVerdict(forMessageOfSize: size) { return tooBig }
        let decision = try await throttle.hit(input, scope: scope)
        guard !decision.isAllowed else { return .deliver }
        switch refusal.action {
        case .reply(let message): return .reply(message.text(for: decision))
        case .close(let code, let reason): return .close(code, reason: reason)
        }
    }
}
