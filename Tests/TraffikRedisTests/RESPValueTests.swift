import Testing
import TraffikRedis

@Suite struct RESPValueTests {
    @Test func conveniencesReadTheMatchingCases() {
        #expect(RESPValue.integer(5).int == 5)
        #expect(RESPValue.bulkString(Array("-12".utf8)).int == -12)
        #expect(RESPValue.simpleString("7").int == 7)
        #expect(RESPValue.bulkString(Array("x".utf8)).int == nil)
        #expect(RESPValue.null.int == nil)

        #expect(RESPValue.bulkString([0, 255]).bytes == [0, 255])
        #expect(RESPValue.simpleString("OK").bytes == Array("OK".utf8))
        #expect(RESPValue.integer(1).bytes == nil)

        #expect(RESPValue.bulkString(Array("héllo".utf8)).string == "héllo")
        #expect(RESPValue.bulkString([0xFF, 0xFE]).string == nil)
        #expect(RESPValue.simpleString("PONG").string == "PONG")
        #expect(RESPValue.error("ERR x").string == nil)

        #expect(RESPValue.array([.integer(1)]).array == [.integer(1)])
        #expect(RESPValue.null.array == nil)
        #expect(RESPValue.null.isNull)
        #expect(!RESPValue.array([]).isNull)
    }

    @Test func descriptionIsReadable() {
        let value = RESPValue.array([
            .simpleString("OK"), .integer(3), .bulkString(Array("a".utf8)), .bulkString([0xFF]), .null,
        ])
        #expect(value.description == "[OK, (integer) 3, \"a\", (1 bytes), (nil)]")
    }
}
