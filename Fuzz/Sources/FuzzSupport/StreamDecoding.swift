// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import NIOCore

/// What a decoder made of a byte stream: the messages it produced, in order, and whether it then threw.
public struct DecodedStream<Message> {
    /// The messages, in order.
    public var messages: [Message] = []
    /// Whether the decoder threw (after the messages).
    public var failed = false
}

/// Feeds `chunks` one after the other to `decoder`, decoding every whole message after each, as a channel would;
/// stops at the first error. Checks that each message consumed bytes, so the loop always ends.
public func decodeStream<Decoder: NIOSingleStepByteToMessageDecoder>(
    _ decoder: Decoder,
    chunks: [[UInt8]]
) -> DecodedStream<Decoder.InboundOut> {
    var decoder = decoder
    var buffer = ByteBuffer()
    var stream = DecodedStream<Decoder.InboundOut>()
    for chunk in chunks {
        buffer.writeBytes(chunk)
        do {
            while true {
                let before = buffer.readableBytes
                guard let message = try decoder.decode(buffer: &buffer) else { break }
                require(buffer.readableBytes < before, "a message decoded from no bytes")
                stream.messages.append(message)
            }
        } catch {
            stream.failed = true
            return stream
        }
    }
    return stream
}

/// Decodes `bytes` whole and cut in two at a point the fuzzer chose, and requires both readings to agree: a reply
/// must not depend on how the network split it. `describe` names a message for comparison.
public func requireSplitInvariance<Decoder: NIOSingleStepByteToMessageDecoder>(
    _ makeDecoder: () -> Decoder,
    _ input: inout FuzzInput,
    describe: (Decoder.InboundOut) -> String
) {
    let cutSeed = Int(input.uint64() % UInt64(Int.max))
    let bytes = input.rest()
    let cut = cutSeed % (bytes.count + 1)
    let whole = decodeStream(makeDecoder(), chunks: [bytes])
    let split = decodeStream(makeDecoder(), chunks: [Array(bytes[..<cut]), Array(bytes[cut...])])
    let wholeText = whole.messages.map(describe)
    let splitText = split.messages.map(describe)
    require(
        wholeText == splitText && whole.failed == split.failed,
        "whole: \(wholeText.count) messages, failed \(whole.failed); cut at \(cut): \(splitText.count) messages, "
            + "failed \(split.failed)"
    )
}
