// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import PropertyBased
import Testing
import Traffik

/// The components a key is made of, as a throttle sees them; `route` and `method` count only when the budget
/// splits by them, and no scope is the scope `default`.
private struct KeyTuple: Hashable, CustomStringConvertible {
    var budget: Int  // 0 per client, 1 per route, 2 per route and method
    var uid: String
    var scope: String?
    var route: String?
    var method: String?
    var client: String

    /// What tells two budgets apart, byte for byte.
    var identity: [[UInt8]?] {
        var parts: [[UInt8]?] = [[UInt8(budget)], Array(uid.utf8), Array((scope ?? "default").utf8)]
        if budget >= 1 { parts.append(route.map { Array($0.utf8) }) }
        if budget == 2 { parts.append(method.map { Array($0.utf8) }) }
        parts.append(Array(client.utf8))
        return parts
    }

    /// The same, by Swift's string equality.
    var textIdentity: [String?] {
        var parts: [String?] = ["\(budget)", uid, scope ?? "default"]
        if budget >= 1 { parts.append(route) }
        if budget == 2 { parts.append(method) }
        parts.append(client)
        return parts
    }

    var description: String {
        let optionals = [scope, route, method].map { $0?.debugDescription ?? "nil" }
        return "\(budget) \(uid.debugDescription) \(optionals.joined(separator: " ")) \(client.debugDescription)"
    }

    func key(hashing: IdentityHashing) throws -> String {
        let budgets: [Budget] = [.perClient, .perRoute, .perRouteAndMethod]
        var configuration = Throttle<String>.Configuration(rate: "1/min")
        configuration.budget = budgets[budget]
        configuration.identityHashing = hashing
        let throttle = try Throttle<String>(
            uid: uid,
            backend: .taskLocal,
            configuration: configuration,
            registry: ThrottleRegistry()
        )
        return throttle.key(client: client, scope: scope, route: route, method: method)
    }
}

/// A component read back from a key: the inverse of the encoding, for text and absent components.
private enum Decoded: Hashable {
    case text([UInt8])
    case absent
    case hashed(String)

    static func components(of key: String) -> [Decoded] {
        key.split(separator: ":", omittingEmptySubsequences: false).map { part in
            if part == "-" { return .absent }
            if part.hasPrefix("#") { return .hashed(String(part)) }
            var bytes: [UInt8] = []
            var iterator = Array(part.utf8).makeIterator()
            while let byte = iterator.next() {
                if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
                    let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
                {
                    bytes.append(value)
                } else {
                    bytes.append(byte)
                }
            }
            return .text(bytes)
        }
    }
}

/// Pieces that stress the encoding: separators, escapes, escape-looking text, markers, unicode and nothing at all.
private let pieces = [
    ":", "%", "#", "-", "{", "}", "%3A", "%25", "%2D", "3A", "25", "#-", "a", "b", "/", " ", "é", "e\u{301}", "🙂",
    "\u{0}", "default", "::", "",
]

private let componentGen = Gen.element(of: pieces).array(of: 0...5).map { $0.compactMap { $0 }.joined() }
private let tupleGen = zip(
    Gen.int(in: 0...2),
    Gen.element(of: pieces).array(of: 1...3).map { $0.compactMap { $0 }.joined() },
    componentGen.optional(valueRate: 0.6),
    componentGen.optional(valueRate: 0.6),
    componentGen.optional(valueRate: 0.6),
    componentGen
)
.map { KeyTuple(budget: $0, uid: $1, scope: $2, route: $3, method: $4, client: $5) }

@Suite struct KeyEncodingTests {
    @Test func keysReadBackAsTheirComponents() async {
        await propertyCheck(count: 300, input: tupleGen) { tuple in
            guard !tuple.uid.isEmpty, let key = try? tuple.key(hashing: .never) else { return }
            var expected: [Decoded] = [.text(Array(tuple.uid.utf8)), .text(Array((tuple.scope ?? "default").utf8))]
            if tuple.budget >= 1 { expected.append(tuple.route.map { .text(Array($0.utf8)) } ?? .absent) }
            if tuple.budget == 2 { expected.append(tuple.method.map { .text(Array($0.utf8)) } ?? .absent) }
            expected.append(.text(Array(tuple.client.utf8)))
            #expect(Decoded.components(of: key) == expected, "\(tuple) → \(key)")
        }
    }

    @Test func distinctComponentsMakeDistinctKeys() async throws {
        // Many short tuples of few pieces at once, so that joined without escaping they would meet often; some
        // clients and routes are long enough to be hashed.
        let few = [":", "a", "%3A", "%", "#", "-", "{", ""]
        let shortGen = Gen.element(of: few).array(of: 0...2).map { $0.compactMap { $0 }.joined() }
        let longGen = Gen.element(of: pieces).array(of: 40...60).map { $0.compactMap { $0 }.joined() }
        let batchGen = zip(
            Gen.int(in: 0...2),
            Gen.element(of: ["a", "a:a", "a%3Aa", "#a", "-"]),
            zip(shortGen.optional(valueRate: 0.5), shortGen.optional(valueRate: 0.7), shortGen.optional()),
            zip(shortGen, longGen, Gen.int(in: 0...7))
        )
        .map { budget, uid, optionals, client -> KeyTuple in
            var tuple = KeyTuple(
                budget: budget,
                uid: uid ?? "a",
                scope: optionals.0,
                route: optionals.1,
                method: optionals.2,
                client: client.0
            )
            if client.2 == 0 { tuple.client = client.1 }
            if client.2 == 1 { tuple.route = client.1 }
            return tuple
        }
        .array(of: 400...400)
        for hashing in [IdentityHashing.never, .default, .always, .always.keyed(by: [1, 2, 3])] {
            await propertyCheck(count: 10, input: batchGen) { batch in
                var seen: [[UInt8]: KeyTuple] = [:]
                var seenStrings: [String: KeyTuple] = [:]  // Swift's equality: canonically equivalent text
                for tuple in batch where !tuple.uid.isEmpty {
                    guard let key = try? tuple.key(hashing: hashing) else { continue }
                    if let other = seen[Array(key.utf8)] {
                        #expect(other.identity == tuple.identity, "\(other) and \(tuple) share \(key)")
                    }
                    seen[Array(key.utf8)] = tuple
                    if let other = seenStrings[key] {
                        #expect(other.textIdentity == tuple.textIdentity, "\(other) and \(tuple) share \(key)")
                    }
                    seenStrings[key] = tuple
                }
            }
        }
    }

    @Test func aClientCannotReachIntoAnotherRoutesBudget() async throws {
        let backend = InMemoryBackend(clock: ManualClock(microseconds: 1_700_000_040_000_000))
        var configuration = Throttle<FakeRequest>.Configuration(rate: "1/min")
        configuration.budget = .perRoute
        let throttle = try Throttle<FakeRequest>(
            uid: uniqueUID(),
            backend: .fixed(backend),
            configuration: configuration
        )
        #expect(try await throttle.hit(FakeRequest(client: "alice", route: "/x/:y")).isAllowed)
        let forged = try await throttle.hit(FakeRequest(client: "/:y:alice", route: "/x"))
        #expect(forged.isAllowed, "a budget of its own, not alice's")
        #expect(try await !throttle.hit(FakeRequest(client: "alice", route: "/x/:y")).isAllowed)

        var byMethodConfiguration = Throttle<FakeRequest>.Configuration(rate: "1/min")
        byMethodConfiguration.budget = .perRouteAndMethod
        let byMethod = try Throttle<FakeRequest>(
            uid: uniqueUID(),
            backend: .fixed(backend),
            configuration: byMethodConfiguration
        )
        #expect(try await byMethod.hit(FakeRequest(client: "bob", route: "/a", method: "GET:x")).isAllowed)
        #expect(try await byMethod.hit(FakeRequest(client: "x:bob", route: "/a", method: "GET")).isAllowed)
    }

    @Test func theKeyFormatReadsAsDocumented() throws {
        let registry = ThrottleRegistry()
        let plain = try Throttle<String>(uid: "reports", rate: "1/min", backend: .taskLocal, registry: registry)
        #expect(plain.key(client: "10.0.0.1") == "reports:default:10.0.0.1")
        #expect(plain.key(client: "10.0.0.1", scope: "default") == "reports:default:10.0.0.1")
        #expect(plain.key(client: "2001:db8::1", scope: "a{b}") == "reports:a%7Bb%7D:2001%3Adb8%3A%3A1")
        #expect(plain.key(client: "100%#") == "reports:default:100%25%23")
        var routedConfiguration = Throttle<String>.Configuration(rate: "1/min")
        routedConfiguration.budget = .perRouteAndMethod
        routedConfiguration.identityHashing = .never
        let routed = try Throttle<String>(
            uid: "api",
            backend: .taskLocal,
            configuration: routedConfiguration,
            registry: registry
        )
        #expect(routed.key(client: "-", route: "/users/:id", method: nil) == "api:default:/users/%3Aid:-:%2D")
    }

    @Test func longIdentitiesAreHashedSoNoRequestMakesALongKey() throws {
        let registry = ThrottleRegistry()
        var configuration = Throttle<String>.Configuration(rate: "1/min")
        configuration.budget = .perRouteAndMethod
        let throttle = try Throttle<String>(
            uid: "api",
            backend: .taskLocal,
            configuration: configuration,
            registry: registry
        )
        let huge = String(repeating: "x", count: 60_000)
        let key = throttle.key(client: huge, scope: huge, route: huge, method: huge)
        #expect(key.utf8.count == "api".utf8.count + 4 * 65 + 4, "\(key)")
        #expect(throttle.key(client: huge) != throttle.key(client: huge + "y"))
        let limit = String(repeating: "y", count: IdentityHashing.defaultLimit)
        #expect(throttle.key(client: limit, route: "/r", method: "GET").hasSuffix(":" + limit), "at the limit: as is")
        // The limit counts the escaped form: 43 colons are 129 bytes written.
        #expect(throttle.key(client: String(repeating: ":", count: 43)).contains("#"))
    }

    @Test func hashingKeepsIdentitiesOutOfKeys() throws {
        let registry = ThrottleRegistry()
        var alwaysConfiguration = Throttle<String>.Configuration(rate: "1/min")
        alwaysConfiguration.identityHashing = .always
        let always = try Throttle<String>(
            uid: "login",
            backend: .taskLocal,
            configuration: alwaysConfiguration,
            registry: registry
        )
        // The SHA-256 of "abc".
        #expect(
            always.key(client: "abc")
                == "login:default:#ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        )
        // RFC 4231, test case 2.
        let keyed = IdentityHashing.always.keyed(by: Array("Jefe".utf8))
        #expect(
            KeyEncoding.hashed("what do ya want for nothing?", by: keyed)
                == "#5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        )
        var secretConfiguration = Throttle<String>.Configuration(rate: "1/min")
        secretConfiguration.identityHashing = .always.keyed(by: [7, 7, 7])
        let secret = try Throttle<String>(
            uid: "login-keyed",
            backend: .taskLocal,
            configuration: secretConfiguration,
            registry: registry
        )
        #expect(!secret.key(client: "alice@example.com").contains("alice"))
        #expect(secret.key(client: "alice@example.com") == secret.key(client: "alice@example.com"))
        #expect(
            secret.key(client: "alice@example.com").split(separator: ":").last
                != always.key(client: "alice@example.com").split(separator: ":").last,
            "the HMAC is not the plain hash"
        )
    }

    @Test func aRawIdentityNeverEqualsAHashedOne() throws {
        let registry = ThrottleRegistry()
        let throttle = try Throttle<String>(uid: "api", rate: "1/min", backend: .taskLocal, registry: registry)
        let long = String(repeating: "z", count: 500)
        let hashed = throttle.key(client: long)
        let hashedForm = String(try #require(hashed.split(separator: ":").last))
        #expect(hashedForm.hasPrefix("#"))
        #expect(throttle.key(client: hashedForm) != hashed, "a client named like a hash is text: `%23…`")
        #expect(throttle.key(client: "-") != throttle.key(client: "%2D"))
    }
}
