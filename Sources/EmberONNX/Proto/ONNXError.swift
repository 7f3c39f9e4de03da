/// An error reading or writing ONNX data: a malformed protobuf, a truncated file, an unsupported construct.
///
/// Malformed input is an environmental error (the file is bad, not the program), so it is thrown
/// rather than trapped, and its message names what was wrong and where.
public struct ONNXError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong, in words meant for the person who supplied the file.
    public var message: String

    /// Creates an error with the given message.
    public init(_ message: String) {
        self.message = message
    }

    /// The error's message.
    public var description: String { message }
}
