// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

// The HTTP types of this module's API, as Hummingbird exports them, so that integrations and apps can read the
// fields and statuses it builds without importing swift-http-types themselves.
@_exported public import struct HTTPTypes.HTTPField
@_exported public import struct HTTPTypes.HTTPFields
@_exported public import struct HTTPTypes.HTTPResponse
