// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import Hummingbird
public import TraffikHTTP

extension Response {
    /// A Hummingbird response with the status, header fields and body of a TraffikHTTP/ThrottledResponse.
    public init(_ throttled: ThrottledResponse) {
        self.init(
            status: throttled.status,
            headers: throttled.headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: throttled.body))
        )
    }
}
