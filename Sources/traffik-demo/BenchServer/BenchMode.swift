// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser

/// How `/test` is throttled: by a route throttle (the harness's `http` command) or by a middleware with rules (its
/// `middleware` command).
enum BenchMode: String, CaseIterable, Sendable, ExpressibleByArgument {
    case http
    case middleware
}
