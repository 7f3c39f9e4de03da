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

/// `torch.cuda`: queries of the CUDA driver, loaded at run time (CUDA/CUDADriver.swift).
public enum CUDA {
    /// True when an NVIDIA driver loads, initialises and sees at least one GPU.
    public static var isAvailable: Bool { CUDADriver.usable != nil }
    /// The number of visible GPUs.
    public static var deviceCount: Int { CUDADriver.usable?.deviceCount ?? 0 }
    /// The GPU's name, as `torch.cuda.get_device_name`.
    public static func deviceName(_ index: Int = 0, file: StaticString = #fileID, line: UInt = #line) -> String {
        let driver = requireDriver(file: file, line: line)
        // torch.cuda.get_device_properties: AssertionError("Invalid device id").
        guard index >= 0, index < driver.deviceCount else { emberFatal("Invalid device id", file: file, line: line) }
        do { return try driver.deviceName(index) } catch { emberFatal("\(error)", file: file, line: line) }
    }
    /// Waits for queued GPU work on the current GPU.
    public static func synchronize(file: StaticString = #fileID, line: UInt = #line) {
        let driver = requireDriver(file: file, line: line)
        do { try driver.synchronize(0) } catch { emberFatal("\(error)", file: file, line: line) }
    }

    /// The usable driver, or PyTorch's error: no driver at all, or a driver that sees no GPU.
    static func requireDriver(file: StaticString, line: UInt) -> CUDADriver {
        if let driver = CUDADriver.usable { return driver }
        if case .success = CUDADriver.shared { emberFatal("No CUDA GPUs are available", file: file, line: line) }
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
