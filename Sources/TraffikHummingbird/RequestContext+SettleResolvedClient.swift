// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Hummingbird
import TraffikHTTP

extension RequestContext {
    /// Makes the socket peer the request's client for the rest of the request, when the context carries one
    /// (``ClientAddressRequestContext``) and nothing has resolved it yet: the first decision about a request's client
    /// is final.
    mutating func settleResolvedClient() {
        guard var carrier = self as? any ClientAddressRequestContext, carrier.resolvedClient == nil else { return }
        carrier.resolvedClient = .settledPeer(carrier.remoteAddress.flatMap(IPAddress.init))
        if let settled = carrier as? Self { self = settled }
    }
}
