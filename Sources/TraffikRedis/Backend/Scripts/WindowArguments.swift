// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

extension RedisScript {
    /// How every window script (the fixed window, the sliding-window counter and log) reads its arguments, the
    /// first five of ``ScriptContract/Argument``: the limit, the window in microseconds, the cost, whether to commit,
    /// and now (the caller's clock, or the server's `TIME`).
    static let windowArguments = """
        -- KEYS[1]: the key. ARGV: ScriptContract.Argument (limit, window in µs, cost, commit, now).
        local limit, window, units = tonumber(ARGV[ARG_LIMIT]), tonumber(ARGV[ARG_PERIOD]), tonumber(ARGV[ARG_COST])
        local commit = ARGV[ARG_COMMIT] == '1'
        local now = now_us(ARGV[ARG_NOW])
        """
}
