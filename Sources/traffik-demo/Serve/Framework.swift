// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser

/// The framework `serve` runs the demo on: both serve the same routes.
enum Framework: String, CaseIterable, ExpressibleByArgument, Sendable {
    case hummingbird, vapor
}
