/// Ends the process with PyTorch's wording and the user's source location.
///
/// Programming errors (shape, dtype, device, index) are not recoverable in PyTorch either
/// (they raise); `precondition` drops its message in release builds, so every such error
/// goes through here, where `fatalError` keeps it.
///
/// When the reported location is inside Ember's own modules (an op called by a layer), the
/// user's `model(x)` line (`CallSite.current`) is named instead.
public func emberFatal(_ message: String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    if let site = CallSite.current, CallSite.isLibrary(file) {
        fatalError(message, file: site.file, line: site.line)
    }
    fatalError(message, file: file, line: line)
}

/// The location of the user's code that built an op, kept on graph nodes for error reports.
public struct CallSite: Sendable, CustomStringConvertible {
    /// Whether a `#fileID` names a file of Ember's own library modules.
    public static func isLibrary(_ file: StaticString) -> Bool {
        // Asked on every op inside a module: compare the bytes, building no String.
        guard file.hasPointerRepresentation else { return false }
        let id = UnsafeBufferPointer(start: file.utf8Start, count: file.utf8CodeUnitCount)
        // "Ember" then "/", "NN/", "Data/", "Plot/", "Export/" or "ONNX/".
        guard id.starts(with: "Ember".utf8) else { return false }
        let rest = id[5...]
        return rest.starts(with: "/".utf8) || rest.starts(with: "NN/".utf8)
            || rest.starts(with: "Data/".utf8) || rest.starts(with: "Plot/".utf8)
            || rest.starts(with: "Export/".utf8) || rest.starts(with: "ONNX/".utf8)
    }

    public let file: StaticString
    public let line: UInt
    public init(file: StaticString, line: UInt) {
        self.file = file
        self.line = line
    }
    public var description: String { "\(file):\(line)" }
}
