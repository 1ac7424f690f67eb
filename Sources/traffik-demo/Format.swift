// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// How numbers and times are written in the demo's output.
enum Format {
    /// Time units from the largest down, in microseconds.
    private static let units: [(size: Int64, name: String)] = [
        (86_400_000_000, "d"), (3_600_000_000, "h"), (60_000_000, "min"), (1_000_000, "s"), (1_000, "ms"), (1, "us"),
    ]

    /// The largest unit that divides `micros` exactly (`us` for zero), so every multiple of it is a whole number.
    static func unit(dividing micros: Int64) -> (size: Int64, name: String) {
        guard micros != 0 else { return (1_000_000, "s") }
        return units.first { micros % $0.size == 0 } ?? (1, "us")
    }

    /// A duration in the largest unit that writes it exactly: `10s`, `250ms`, `2min`, `90s`, `0s`.
    static func duration(_ micros: Int64) -> String {
        let unit = unit(dividing: micros)
        return "\(micros / unit.size)\(unit.name)"
    }

    /// A time written in a fixed unit, so a column of times reads evenly (`59s`, `60s`, not `59s`, `1min`).
    static func time(_ micros: Int64, in unit: (size: Int64, name: String)) -> String {
        "\(micros / unit.size)\(unit.name)"
    }

    /// A number with at most two decimals and no trailing zeros: `20`, `3.33`, `0.5`.
    static func decimal(_ value: Double) -> String {
        let hundredths = Int64((value * 100).rounded())
        let whole = "\(hundredths / 100)"
        let fraction = hundredths % 100
        if fraction == 0 { return whole }
        if fraction % 10 == 0 { return "\(whole).\(fraction / 10)" }
        return fraction < 10 ? "\(whole).0\(fraction)" : "\(whole).\(fraction)"
    }

    /// `part` as a whole percentage of `total`, rounded to nearest; `-` when `total` is zero.
    static func percent(_ part: Int, of total: Int) -> String {
        guard total > 0 else { return "-" }
        return "\((part * 200 + total) / (total * 2))%"
    }
}
