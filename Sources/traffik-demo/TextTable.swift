// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// Rows of text in aligned columns: numbers to the right, words to the left.
struct TextTable: Sendable {
    /// How a column lines up.
    enum Alignment: Sendable {
        case left, right
    }

    /// The column headings.
    var headings: [String]
    /// One alignment per column.
    var alignments: [Alignment]
    /// The rows, each with one cell per column.
    var rows: [[String]] = []

    /// The table as lines: the headings, then the rows, columns two spaces apart, no trailing spaces.
    func lines() -> [String] {
        let all = [headings] + rows
        let widths = headings.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            let cells = row.indices.map { column in
                let padding = String(repeating: " ", count: widths[column] - row[column].count)
                return alignments[column] == .right ? padding + row[column] : row[column] + padding
            }
            return String(cells.joined(separator: "  ").reversed().drop(while: { $0 == " " }).reversed())
        }
    }
}
