// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import TraffikHTTP
public import Vapor

extension Response {
    /// A Vapor response with the status, header fields and body of a TraffikHTTP/ThrottledResponse.
    public convenience init(_ throttled: ThrottledResponse) {
        self.init(
            status: HTTPResponseStatus(statusCode: throttled.status.code),
            headers: HTTPHeaders(throttled.headers),
            body: Body(buffer: ByteBuffer(bytes: throttled.body))
        )
    }
}
