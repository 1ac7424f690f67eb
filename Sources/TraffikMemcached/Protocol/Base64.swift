/// Standard base64 with padding, for keys sent with the `b` flag.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        for start in stride(from: 0, to: bytes.count, by: 3) {
            let chunk = bytes[start..<min(start + 3, bytes.count)]
            var group: UInt32 = 0
            for (index, byte) in chunk.enumerated() { group |= UInt32(byte) << (16 - 8 * index) }
            for index in 0..<4 {
                if index <= chunk.count {
                    output.append(alphabet[Int(group >> (18 - 6 * UInt32(index)) & 0x3F)])
                } else {
                    output.append(UInt8(ascii: "="))
                }
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
