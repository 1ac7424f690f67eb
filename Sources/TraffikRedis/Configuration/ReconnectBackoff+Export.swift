// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

// The configuration names `ReconnectBackoff`, which the shared connection layer defines: importing this module is
// enough to write it.
@_exported import struct TraffikConnectionPool.ReconnectBackoff
