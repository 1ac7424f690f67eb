// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The path of the executable `name` built beside the running test binary (by `swift build --build-tests`), such
/// as `traffik-bench`.
public func siblingExecutable(_ name: String) -> String {
    var directory =
        realpath("/proc/self/exe", nil).map { pointer in
            defer { free(pointer) }
            return String(cString: pointer)
        } ?? ""
    func dropLast() { directory = String(directory[..<(directory.lastIndex(of: "/") ?? directory.startIndex)]) }
    dropLast()
    // The test binary may sit inside an .xctest bundle.
    while directory.hasSuffix(".xctest") || directory.hasSuffix("/Contents") || directory.hasSuffix("/MacOS") {
        dropLast()
    }
    return directory + "/" + name
}

/// Whether `path` names an executable file.
public func isExecutable(_ path: String) -> Bool {
    access(path, X_OK) == 0
}
