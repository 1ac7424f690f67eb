// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import Traffik

/// The body of a throttled response: JSON by default, RFC 9457 problem details, plain text, or your own.
public struct ThrottledBody: Sendable {
    enum Base: Sendable {
        case json, problem, text
        case custom(@Sendable (Decision) -> (contentType: String, bytes: [UInt8]))
    }
    let base: Base

    /// `{"error":"too_many_requests","detail":"Too many requests. Retry in 5 seconds.","retry_after":5}`
    public static let json = ThrottledBody(base: .json)
    /// `application/problem+json`: `{"type":"about:blank","title":"Too Many Requests","status":429,...}`
    public static let problemJSON = ThrottledBody(base: .problem)
    /// `Too many requests. Retry in 5 seconds.`
    public static let plainText = ThrottledBody(base: .text)
    /// A body of your own.
    public static func custom(
        _ render: @escaping @Sendable (Decision) -> (contentType: String, bytes: [UInt8])
    ) -> ThrottledBody {
        ThrottledBody(base: .custom(render))
    }

    /// The content type and bytes for `decision`.
    public func render(_ decision: Decision) -> (contentType: String, bytes: [UInt8]) {
        let detail = ThrottledBody.detail(for: decision)
        let retry = decision.retryAfterSeconds.map { ",\"retry_after\":\($0)" } ?? ""
        switch base {
        case .json:
            return (
                "application/json; charset=utf-8",
                Array("{\"error\":\"too_many_requests\",\"detail\":\(jsonString(detail))\(retry)}".utf8)
            )
        case .problem:
            let json =
                "{\"type\":\"about:blank\",\"title\":\"Too Many Requests\",\"status\":429,\"detail\":\(jsonString(detail))\(retry)}"
            return ("application/problem+json", Array(json.utf8))
        case .text:
            return ("text/plain; charset=utf-8", Array(detail.utf8))
        case .custom(let render):
            return render(decision)
        }
    }

    /// A sentence for the client: when to retry, or that the request can never pass.
    public static func detail(for decision: Decision) -> String {
        guard let seconds = decision.retryAfterSeconds else {
            return decision.outcome == .exceedsCapacity
                ? "This request costs more than the rate limit allows at once, so it cannot be admitted."
                : "Too many requests."
        }
        return "Too many requests. Retry in \(seconds) \(seconds == 1 ? "second" : "seconds")."
    }
}

/// `text` as a JSON string literal.
func jsonString(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "\t": result += "\\t"
        case _ where scalar.value < 0x20:
            result +=
                "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                + String(scalar.value, radix: 16)
        default: result.unicodeScalars.append(scalar)
        }
    }
    return result + "\""
}
