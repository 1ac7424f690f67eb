// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Logging

/// How every client takes a configuration that cannot work: it is created all the same, and logs the problem once,
/// then; each of its commands fails with that error.
package enum ConfigurationCheck {
    /// The error `validate` throws, logged as `message` with the error under `metadataKey`, or `nil` when it
    /// throws none. The log entry names the caller (`file`, `function`, `line`, and its module as the source).
    package static func failure<Failure: Error>(
        of validate: () throws(Failure) -> Void,
        logging message: Logger.Message,
        as metadataKey: String,
        to logger: Logger,
        file: String = #fileID,
        function: String = #function,
        line: UInt = #line
    ) -> Failure? {
        do throws(Failure) {
            try validate()
            return nil
        } catch {
            logger.error(message, metadata: [metadataKey: "\(error)"], file: file, function: function, line: line)
            return error
        }
    }
}
