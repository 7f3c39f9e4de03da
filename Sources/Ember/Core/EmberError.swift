/// Ends the process with PyTorch's wording and the user's source location.
///
/// Programming errors (shape, dtype, device, index) are not recoverable in PyTorch either
/// (they raise); `precondition` drops its message in release builds, so every such error
/// goes through here, where `fatalError` keeps it.
public func emberFatal(_ message: String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    fatalError(message, file: file, line: line)
}

/// The location of the user's code that built an op, kept on graph nodes for error reports.
public struct CallSite: Sendable, CustomStringConvertible {
    public let file: StaticString
    public let line: UInt
    public init(file: StaticString, line: UInt) {
        self.file = file
        self.line = line
    }
    public var description: String { "\(file):\(line)" }
}
