/// The four load commands; each has its own scenario list and server mode.
enum LoadCommandKind: String, CaseIterable, Sendable, Codable {
    case http
    case middleware
    case websocket
    case multiprocess

    /// The `--mode` the bench server runs in: how `/test` is throttled.
    var serverMode: String { self == .middleware ? "middleware" : "http" }
}
