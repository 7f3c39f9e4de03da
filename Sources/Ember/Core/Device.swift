/// Where a tensor's storage lives: `.cpu`, `.cuda` (the current GPU) or `.cuda(i)`.
public struct Device: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable { case cpu, cuda, mps }

    public let kind: Kind
    /// The device ordinal; nil means "the current one" (`torch.device("cuda")`).
    public let index: Int?

    public init(_ kind: Kind, index: Int? = nil) {
        self.kind = kind
        self.index = index
    }

    public static let cpu = Device(.cpu)
    public static let cuda = Device(.cuda)
    public static func cuda(_ index: Int) -> Device { Device(.cuda, index: index) }

    /// `cpu`, `cuda`, `cuda:0`, as PyTorch prints a device.
    public var description: String {
        if let index { return "\(kind.rawValue):\(index)" }
        return kind.rawValue
    }

    /// The device a tensor actually lands on: `.cuda` resolves to the current GPU.
    var resolved: Device { kind == .cpu ? .cpu : Device(kind, index: index ?? 0) }
}

/// `torch.cuda`: queries of the CUDA runtime. Until the CUDA backend exists there is none.
public enum CUDA {
    /// True when an NVIDIA driver and GPU are usable.
    public static var isAvailable: Bool { false }
    /// The number of visible GPUs.
    public static var deviceCount: Int { 0 }
    /// The GPU's name, as `torch.cuda.get_device_name`.
    public static func deviceName(_ index: Int = 0, file: StaticString = #fileID, line: UInt = #line) -> String {
        noCUDA(file: file, line: line)
    }
    /// Waits for queued GPU work; a no-op without a GPU, as in PyTorch when CUDA is unused.
    public static func synchronize(file: StaticString = #fileID, line: UInt = #line) {
        noCUDA(file: file, line: line)
    }

    /// PyTorch's message on a machine with no NVIDIA driver.
    static let noDriverMessage = "Found no NVIDIA driver on your system. Please check that you have an NVIDIA GPU and installed a driver from http://www.nvidia.com/Download/index.aspx"

    static func noCUDA(file: StaticString, line: UInt) -> Never {
        emberFatal(noDriverMessage, file: file, line: line)
    }
}

/// `torch.backends.mps`: Apple's Metal backend, not available on Linux.
public enum MPS {
    public static var isAvailable: Bool { false }
}
