// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
import Traffik
import TraffikHTTP
import TraffikVapor
import Vapor
import VaporTesting

@Suite(.timeLimit(.minutes(1))) struct ClientIdentityTests {
    /// `whoami` answers the resolved client, behind a 1/min throttle per client.
    func withApp(
        resolver: ClientAddressResolver,
        _ test: (Application) async throws -> Void
    ) async throws {
        let throttle = try makeThrottle("1/min")
        try await withQuietApp { app in
            app.throttled(by: throttle, resolver: resolver).get("whoami") { req in
                let input = VaporRequest(req, resolver: resolver)
                return input.throttleIdentity == .anonymous ? "anonymous" : "\(input.clientAddress!)"
            }
            try await test(app)
        }
    }

    @Test func theSocketPeerIsTheDefaultIdentity() async throws {
        try await withApp(resolver: .peerOnly) { app in
            try await app.testing(method: .running(hostname: "127.0.0.1", port: 0)).test(.GET, "whoami") {
                #expect($0.text == "127.0.0.1")
            }
        }
    }

    @Test func aSpoofedForwardedForFromAnUntrustedPeerChangesNothing() async throws {
        try await withApp(resolver: .peerOnly) { app in
            let tester = try app.testing(method: .running(hostname: "127.0.0.1", port: 0))
            try await tester.test(.GET, "whoami", headers: ["X-Forwarded-For": "203.0.113.1"]) {
                #expect($0.status == .ok)
                #expect($0.text == "127.0.0.1")
            }
            // Another claimed address is still the same peer, with the same spent budget.
            try await tester.test(.GET, "whoami", headers: ["X-Forwarded-For": "203.0.113.2"]) {
                #expect($0.status == .tooManyRequests)
            }
        }
    }

    @Test func aTrustedProxyForwardsTheClient() async throws {
        let resolver = try ClientAddressResolver(header: .xForwardedFor, trustedProxies: ["127.0.0.0/8", "::1"])
        try await withApp(resolver: resolver) { app in
            let tester = try app.testing(method: .running(hostname: "127.0.0.1", port: 0))
            // Vapor's `peerAddress` would take the left-most, client-written entry; the resolver takes the right-most
            // entry that is not a trusted proxy.
            try await tester.test(.GET, "whoami", headers: ["X-Forwarded-For": "6.6.6.6, 203.0.113.1"]) {
                #expect($0.text == "203.0.113.1")
            }
            try await tester.test(.GET, "whoami", headers: ["X-Forwarded-For": "203.0.113.2"]) {
                #expect($0.status == .ok)
            }
            try await tester.test(.GET, "whoami", headers: ["X-Forwarded-For": "203.0.113.1"]) {
                #expect($0.status == .tooManyRequests)
            }
        }
    }

    /// Behind a proxy writing X-Forwarded-For, the old resolver read a client-written `Forwarded` first: a fresh
    /// `for=` per request was a fresh budget per request.
    @Test func aClientWrittenForwardedHeaderIsNotRead() async throws {
        let resolver = try ClientAddressResolver(header: .xForwardedFor, trustedProxies: ["127.0.0.0/8", "::1"])
        try await withApp(resolver: resolver) { app in
            let tester = try app.testing(method: .running(hostname: "127.0.0.1", port: 0))
            let first: HTTPHeaders = ["X-Forwarded-For": "203.0.113.1", "Forwarded": "for=198.51.100.1"]
            try await tester.test(.GET, "whoami", headers: first) { #expect($0.text == "203.0.113.1") }
            let second: HTTPHeaders = ["X-Forwarded-For": "203.0.113.1", "Forwarded": "for=198.51.100.2"]
            try await tester.test(.GET, "whoami", headers: second) { #expect($0.status == .tooManyRequests) }
        }
    }

    @Test func withoutARemoteAddressClientsAreAnonymous() async throws {
        try await withApp(resolver: .peerOnly) { app in
            try await app.testing().test(.GET, "whoami") { #expect($0.text == "anonymous") }
        }
    }
}
