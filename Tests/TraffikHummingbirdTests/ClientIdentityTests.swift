// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import Traffik
import TraffikHTTP
import TraffikHummingbird

@Suite struct ClientIdentityTests {
    func app(resolver: ClientAddressResolver) throws -> some ApplicationProtocol {
        let router = Router(context: TestContext.self)
        router.throttled(by: try makeThrottle("1/min"), resolver: resolver).get("/whoami") { request, context in
            HummingbirdRequest(request, context: context, resolver: resolver).throttleIdentity == .anonymous
                ? "anonymous" : "\(HummingbirdRequest(request, context: context, resolver: resolver).clientAddress!)"
        }
        return Application(router: router)
    }

    @Test func theSocketPeerIsTheDefaultIdentity() async throws {
        try await app(resolver: .peerOnly).test(.live) { client in
            try await client.execute(uri: "/whoami", method: .get) { response in
                #expect(String(buffer: response.body) == "127.0.0.1")
            }
        }
    }

    @Test func aSpoofedForwardedForFromAnUntrustedPeerChangesNothing() async throws {
        try await app(resolver: .peerOnly).test(.live) { client in
            try await client.execute(uri: "/whoami", method: .get, headers: [.xForwardedFor: "203.0.113.1"]) {
                #expect($0.status == .ok)
            }
            // Another claimed address is still the same peer, with the same spent budget.
            try await client.execute(uri: "/whoami", method: .get, headers: [.xForwardedFor: "203.0.113.2"]) {
                #expect($0.status == .tooManyRequests)
            }
        }
    }

    @Test func aTrustedProxyForwardsTheClient() async throws {
        let resolver = try ClientAddressResolver(header: .xForwardedFor, trustedProxies: ["127.0.0.0/8", "::1"])
        try await app(resolver: resolver).test(.live) { client in
            try await client.execute(uri: "/whoami", method: .get, headers: [.xForwardedFor: "6.6.6.6, 203.0.113.1"]) {
                #expect(String(buffer: $0.body) == "203.0.113.1")
            }
            try await client.execute(uri: "/whoami", method: .get, headers: [.xForwardedFor: "203.0.113.2"]) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/whoami", method: .get, headers: [.xForwardedFor: "203.0.113.1"]) {
                #expect($0.status == .tooManyRequests)
            }
        }
    }

    /// Behind a proxy writing X-Forwarded-For, the old resolver read a client-written `Forwarded` first: a fresh
    /// `for=` per request was a fresh budget per request.
    @Test func aClientWrittenForwardedHeaderIsNotRead() async throws {
        let resolver = try ClientAddressResolver(header: .xForwardedFor, trustedProxies: ["127.0.0.0/8", "::1"])
        let forwarded = HTTPField.Name("Forwarded")!
        try await app(resolver: resolver).test(.live) { client in
            for (claim, status) in [
                ("for=198.51.100.1", HTTPResponse.Status.ok), ("for=198.51.100.2", .tooManyRequests),
            ] {
                let headers: HTTPFields = [.xForwardedFor: "203.0.113.1", forwarded: claim]
                try await client.execute(uri: "/whoami", method: .get, headers: headers) { response in
                    #expect(response.status == status)
                    if status == .ok { #expect(String(buffer: response.body) == "203.0.113.1") }
                }
            }
        }
    }

    @Test func withoutARemoteAddressClientsAreAnonymous() async throws {
        try await app(resolver: .peerOnly).test(.router) { client in
            try await client.execute(uri: "/whoami", method: .get) { #expect(String(buffer: $0.body) == "anonymous") }
        }
    }
}
