/// A thrown error for what a file or its data got wrong (corrupt, truncated, unsupported):
/// environmental problems are thrown, never trapped (DESIGN.md). `description` names the
/// file and the problem in one line, the form the CLI prints.
public struct EmberIOError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file involved, when there is one.
    public let path: String?
    public let message: String

    public init(_ message: String, path: String? = nil) {
        self.message = message
        self.path = path
    }

    public var description: String {
        if let path { return "\(path): \(message)" }
        return message
    }

    /// The same error attributed to `path` (readers of in-memory bytes learn the name late).
    public func at(_ path: String) -> EmberIOError { EmberIOError(message, path: path) }
}
