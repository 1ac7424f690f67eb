// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser

/// `--framework`: the web framework the bench servers run on. The one place that maps a framework to how its
/// server is started.
enum HarnessFramework: String, CaseIterable, Sendable, Codable, ExpressibleByArgument {
    case hummingbird
    case vapor

    /// The `traffik-demo bench-server` arguments that select the framework.
    func serverArguments() -> [String] {
        switch self {
        case .hummingbird:
            return ["--framework", "hummingbird"]
        case .vapor:
            return ["--framework", "vapor"]
        }
    }
}
