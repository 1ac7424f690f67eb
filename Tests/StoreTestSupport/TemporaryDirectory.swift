// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import TestServerSupport
import TraffikProcessSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A flat temporary directory for a test's server files (configuration files, replication dumps), removed when done.
public enum TemporaryDirectory {
    /// Creates `/tmp/<prefix>-XXXXXX` and returns its path.
    public static func make(prefix: String) throws -> String {
        var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
        guard let path = mkdtemp(&template) else { throw ProcessError("mkdtemp failed") }
        return String(cString: path)
    }

    /// Writes `text` to the file at `path`, replacing it.
    public static func write(_ text: String, to path: String) throws {
        guard let file = fopen(path, "w") else { throw ProcessError("cannot write \(path)") }
        defer { fclose(file) }
        guard fputs(text, file) >= 0 else { throw ProcessError("cannot write \(path)") }
    }

    /// Removes the files of `directory`, then the directory.
    public static func remove(_ directory: String) {
        guard let handle = opendir(directory) else { return }
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { unlink("\(directory)/\(name)") }
        }
        closedir(handle)
        rmdir(directory)
    }
}
