import Testing
import TraffikMemcached

@Suite struct MemcachedConfigurationTests {
    @Test func addressesReadHostAndPort() throws {
        #expect(try MemcachedServer(parsing: "cache.internal") == MemcachedServer(host: "cache.internal", port: 11211))
        #expect(try MemcachedServer(parsing: "10.0.0.1:11212") == MemcachedServer(host: "10.0.0.1", port: 11212))
        #expect(try MemcachedServer(parsing: "[::1]:11213") == MemcachedServer(host: "::1", port: 11213))
        #expect(try MemcachedServer(parsing: "::1") == MemcachedServer(host: "::1", port: 11211))
        #expect(MemcachedServer(host: "::1", port: 11213).description == "[::1]:11213")
        for bad in ["", ":11211", "host:0", "host:70000", "host:port", "[::1]x"] {
            #expect(throws: MemcachedClientError.self, "\(bad)") { try MemcachedServer(parsing: bad) }
        }
    }

    @Test func aListOfNodes() throws {
        let configuration = try MemcachedConfiguration(servers: "a:1,b:2", maximumConnections: 3)
        #expect(configuration.servers == [MemcachedServer(host: "a", port: 1), MemcachedServer(host: "b", port: 2)])
        #expect(configuration.maximumConnections == 3)
    }
}
