// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

/// Every Swift snippet of the README is compiled: each one stands, line for line, in one of this target's snippet
/// files (`Snippets+*.swift`), where the compiler checks it. This test reads the README and those files and fails
/// when a snippet is not found there, so the README cannot drift from what compiles.
///
/// A snippet's paragraphs (its runs of lines between blank lines) must each stand as consecutive lines, in the
/// snippet's order, so that a snippet file may declare a type at the top and use it in a function below.
@Suite struct ReadmeSnippetTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let readme = directory.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
        "README.md"
    )

    @Test func everySwiftSnippetOfTheReadmeIsCompiledHere() throws {
        let snippets = ReadmeSnippets.swiftBlocks(in: try String(contentsOf: Self.readme, encoding: .utf8))
        #expect(snippets.count >= 10, "the README's Swift snippets were found")
        let compiled = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path)
            .filter { $0.hasPrefix("Snippets+") && $0.hasSuffix(".swift") }
            .map { name in
                ReadmeSnippets.lines(
                    of: try String(contentsOf: Self.directory.appendingPathComponent(name), encoding: .utf8)
                )
            }
        for (index, snippet) in snippets.enumerated() {
            let found = compiled.contains { ReadmeSnippets.contains($0, snippet.paragraphs) }
            #expect(found, "README snippet \(index + 1) (line \(snippet.line)) is in no Snippets+*.swift file")
        }
    }

    @Test func theMatchingIsLineForLine() {
        let file = ReadmeSnippets.lines(of: "func a() {\n    let x = 1\n    print(x)\n}\n")
        #expect(ReadmeSnippets.contains(file, [["let x = 1", "print(x)"]]))
        #expect(ReadmeSnippets.contains(file, [["func a() {"], ["print(x)"]]))
        #expect(!ReadmeSnippets.contains(file, [["let x = 2", "print(x)"]]))
        #expect(!ReadmeSnippets.contains(file, [["print(x)", "let x = 1"]]))
        #expect(!ReadmeSnippets.contains(file, [["print(x)"], ["let x = 1"]]))
        let markdown = "text\n```swift\nimport A\n\nlet b = 1\n\nb()\n```\n  ```swift\n  c()\n  ```\n"
        #expect(ReadmeSnippets.swiftBlocks(in: markdown).map(\.paragraphs) == [[["let b = 1"], ["b()"]], [["c()"]]])
    }
}

/// Reading snippets out of Markdown and finding them in Swift sources.
enum ReadmeSnippets {
    struct Block {
        /// The line of the README where the block starts.
        var line: Int
        /// Its paragraphs: runs of trimmed lines between blank lines, without `import` lines (a snippet file
        /// imports at its top).
        var paragraphs: [[String]]
    }

    /// The ` ```swift ` blocks of `markdown`, indented or not.
    static func swiftBlocks(in markdown: String) -> [Block] {
        var blocks: [Block] = []
        var current: Block?
        for (number, raw) in markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if current == nil, line == "```swift" {
                current = Block(line: number + 1, paragraphs: [[]])
            } else if var block = current, line == "```" {
                block.paragraphs.removeAll { $0.isEmpty }
                blocks.append(block)
                current = nil
            } else if current != nil, line.isEmpty {
                current?.paragraphs.append([])
            } else if var block = current, !line.hasPrefix("import ") {
                block.paragraphs[block.paragraphs.count - 1].append(line)
                current = block
            }
        }
        return blocks
    }

    /// The trimmed, non-blank lines of a source file.
    static func lines(of source: String) -> [String] {
        source.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Whether each of `paragraphs` stands in `file` as consecutive lines, each after the one before.
    static func contains(_ file: [String], _ paragraphs: [[String]]) -> Bool {
        var from = 0
        for paragraph in paragraphs {
            guard let start = firstIndex(of: paragraph, in: file, from: from) else { return false }
            from = start + paragraph.count
        }
        return true
    }

    /// Where `lines` first stand consecutively in `file` at or after `from`.
    private static func firstIndex(of lines: [String], in file: [String], from: Int) -> Int? {
        guard !lines.isEmpty, from + lines.count <= file.count else { return lines.isEmpty ? from : nil }
        return (from...(file.count - lines.count)).first { start in
            zip(file[start...], lines).allSatisfy { $0 == $1 }
        }
    }
}
