// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Dispatch

/// Waits on a Dispatch timer: `Task.sleep` wakes through the concurrency runtime's global executor, which tests of
/// other targets may keep busy for seconds.
package func pauseOnDispatch(milliseconds: Int) async {
    await withCheckedContinuation { continuation in
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(milliseconds)) { continuation.resume() }
    }
}
