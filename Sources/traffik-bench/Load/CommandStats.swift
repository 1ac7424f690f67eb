// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// The call counts of `INFO commandstats`: one line per command, `cmdstat_evalsha:calls=2000,usec=…`.
struct CommandStats: Sendable, Hashable {
    /// Calls by command name, lower case (`evalsha`, `script|load`).
    var calls: [String: Int]

    /// Reads the reply of `INFO commandstats`; lines it does not know are skipped.
    init(info: String) {
        var calls: [String: Int] = [:]
        for line in info.split(whereSeparator: \.isNewline) {
            guard line.hasPrefix("cmdstat_"), let colon = line.firstIndex(of: ":") else { continue }
            let name = line[line.index(line.startIndex, offsetBy: "cmdstat_".count)..<colon].lowercased()
            for field in line[line.index(after: colon)...].split(separator: ",") {
                let parts = field.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0] == "calls", let count = Int(parts[1]) { calls[name] = count }
            }
        }
        self.calls = calls
    }

    /// The calls of `command` (0 when it never ran).
    subscript(command: String) -> Int { calls[command.lowercased()] ?? 0 }
}
