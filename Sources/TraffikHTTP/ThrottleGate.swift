// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import HTTPTypes
public import Traffik

/// What a throttling middleware does with a request, whatever the framework: run the stack, then refuse, or record
/// the decision, call the next responder and decorate its response.
///
/// A framework integration supplies the four framework-typed steps and nothing else:
///
/// ```swift
/// let gate = ThrottleGate(stack: ThrottleStack(entries), mode: .enforce, format: .init(profiles: [.ietf()]))
/// return try await gate.run(
///     input,
///     refuse: { decision in makeResponse(gate.format.response(for: decision)) },
///     record: { decision in request.throttleDecision = decision },
///     next: { try await next(request) },
///     decorate: { response, fields in response.add(fields) }
/// )
/// ```
public struct ThrottleGate<Input: HTTPThrottleInput>: Sendable {
    /// Whether the middleware answers refusals or leaves them to the route.
    public enum Mode: Sendable, Hashable {
        /// A refusal is answered with the throttled response; the next responder does not run.
        case enforce
        /// Every request goes on: the decision (a refusal too, which consumed nothing) is recorded for the route.
        case record
    }

    /// The throttles, cheapest first.
    public let stack: ThrottleStack<Input>
    /// Whether refusals are answered or recorded.
    public let mode: Mode
    /// The headers and body of responses.
    public let format: ThrottleResponseFormat

    /// Creates the gate.
    public init(stack: ThrottleStack<Input>, mode: Mode = .enforce, format: ThrottleResponseFormat = .init()) {
        self.stack = stack
        self.mode = mode
        self.format = format
    }

    /// Decides `input` and carries the outcome out with the given steps.
    ///
    /// - A refusal in `.enforce` mode: `refuse`, and nothing else runs.
    /// - A refusal in `.record` mode: `record` it, then `next`; the response is not decorated.
    /// - A pass: in `.record` mode `record` the tightest decision, then `next`, then `decorate` its response with
    ///   the profiles' fields for that decision (when there is one and any field applies).
    ///
    /// - Parameters:
    ///   - refuse: The throttled response for a refusal.
    ///   - record: Keeps the decision for the route (called in `.record` mode only).
    ///   - next: The rest of the chain.
    ///   - decorate: Adds fields to the response of `next`.
    public func run<Response>(
        _ input: Input,
        refuse: (Decision) async throws -> Response,
        record: (Decision) -> Void,
        next: () async throws -> Response,
        decorate: (inout Response, HTTPFields) -> Void
    ) async throws -> Response {
        switch try await stack.run(input) {
        case .refused(let decision):
            guard mode == .record else { return try await refuse(decision) }
            record(decision)
            return try await next()
        case .passed(let tightest):
            if mode == .record, let tightest { record(tightest) }
            var response = try await next()
            if let tightest {
                let fields = format.headers(for: tightest)
                if !fields.isEmpty { decorate(&response, fields) }
            }
            return response
        }
    }
}
