/// A sample transform (`torchvision.transforms`): a function from tensor to tensor, run by
/// datasets on each sample, possibly on DataLoader worker threads (hence `Sendable`).
public protocol Transform: Sendable {
    func callAsFunction(_ x: Tensor) -> Tensor
    /// The transform applied to a whole batch at once (dim 0 the batch, the other dims one
    /// sample as `callAsFunction` takes it), giving exactly the stacked per-sample results;
    /// nil when it cannot (random transforms draw per sample). Datasets use it for fast batching.
    func applyBatch(_ batch: Tensor) -> Tensor?
}

extension Transform {
    public func applyBatch(_ batch: Tensor) -> Tensor? { nil }
}

/// `transforms.ToTensor()`: a uint8 image, HW or HWC, to a float CHW tensor in [0, 1]
/// (divided by 255 in the default dtype, as torchvision does). Other dtypes are only
/// moved to CHW.
public struct ToTensor: Transform {
    public init() {}

    public func callAsFunction(_ x: Tensor) -> Tensor { convert(x, batched: false) }
    public func applyBatch(_ batch: Tensor) -> Tensor? { convert(batch, batched: true) }

    private func convert(_ x: Tensor, batched: Bool) -> Tensor {
        let b = batched ? 1 : 0
        let chw: Tensor
        switch x.ndim - b {
        case 2: chw = x.unsqueeze(b)
        case 3: chw = (batched ? x.permute(0, 3, 1, 2) : x.permute(2, 0, 1)).contiguous()  // as torchvision
        default: emberFatal("pic should be 2/3 dimensional. Got \(x.ndim - b) dimensions.")
        }
        guard x.dtype == .uint8 else { return chw }
        return chw.to(defaultDType) / 255
    }
}

/// `transforms.Normalize(mean, std)`: `(x - mean[c]) / std[c]` per channel of a CHW tensor.
public struct Normalize: Transform {
    public let mean: [Double]
    public let std: [Double]

    public init(mean: [Double], std: [Double], file: StaticString = #fileID, line: UInt = #line) {
        guard !std.contains(0) else {
            emberFatal("std evaluated to zero after conversion to float32, leading to division by zero.", file: file, line: line)
        }
        self.mean = mean
        self.std = std
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        guard x.dtype.isFloatingPoint else {
            emberFatal("Input tensor should be a float tensor. Got \(x.dtype).")
        }
        // torchvision: sub_(mean).div_(std) with both as [C, 1, 1] tensors of x's dtype.
        let m = Tensor(mean, shape: [mean.count, 1, 1], dtype: x.dtype)
        let s = Tensor(std, shape: [std.count, 1, 1], dtype: x.dtype)
        return (x - m) / s
    }

    public func applyBatch(_ batch: Tensor) -> Tensor? { callAsFunction(batch) }
}

/// `transforms.Compose(transforms)`: the transforms in order.
public struct Compose: Transform {
    public let transforms: [any Transform]

    public init(_ transforms: [any Transform]) { self.transforms = transforms }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        transforms.reduce(x) { $1($0) }
    }

    public func applyBatch(_ batch: Tensor) -> Tensor? {
        var x = batch
        for t in transforms {
            guard let y = t.applyBatch(x) else { return nil }
            x = y
        }
        return x
    }
}

/// `transforms.Lambda(fn)`: any function, applied per sample.
public struct Lambda: Transform {
    public let body: @Sendable (Tensor) -> Tensor
    public init(_ body: @escaping @Sendable (Tensor) -> Tensor) { self.body = body }
    public func callAsFunction(_ x: Tensor) -> Tensor { body(x) }
}

/// `transforms.RandomCrop(size, padding)`: pads the last two dims with `fill` (constant mode),
/// then crops a `size` window at an offset drawn as torchvision draws it
/// (`torch.randint(0, h - th + 1, (1,))`, then the same for the width).
public struct RandomCrop: Transform {
    public let size: (height: Int, width: Int)
    /// Left, top, right, bottom.
    public let padding: (left: Int, top: Int, right: Int, bottom: Int)
    public let fill: Double
    public let generator: Generator?

    /// - Parameters:
    ///   - size: the output height and width (one value: a square).
    ///   - padding: one value for every side, two for (left/right, top/bottom), or four for
    ///     (left, top, right, bottom), as torchvision reads it.
    ///   - generator: where offsets are drawn from (default: the worker's, else the default one).
    public init(_ size: Int, padding: [Int] = [], fill: Double = 0, generator: Generator? = nil,
                file: StaticString = #fileID, line: UInt = #line) {
        self.init(height: size, width: size, padding: padding, fill: fill, generator: generator, file: file, line: line)
    }

    public init(_ size: Int, padding: Int, fill: Double = 0, generator: Generator? = nil,
                file: StaticString = #fileID, line: UInt = #line) {
        self.init(size, padding: [padding], fill: fill, generator: generator, file: file, line: line)
    }

    public init(height: Int, width: Int, padding: [Int] = [], fill: Double = 0, generator: Generator? = nil,
                file: StaticString = #fileID, line: UInt = #line) {
        switch padding.count {
        case 0: self.padding = (0, 0, 0, 0)
        case 1: self.padding = (padding[0], padding[0], padding[0], padding[0])
        case 2: self.padding = (padding[0], padding[1], padding[0], padding[1])
        case 4: self.padding = (padding[0], padding[1], padding[2], padding[3])
        default:
            emberFatal("Padding must be an int or a 1, 2, or 4 element tuple, not a \(padding.count) element tuple", file: file, line: line)
        }
        self.size = (height, width)
        self.fill = fill
        self.generator = generator
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        var img = x
        let p = padding
        if p.left != 0 || p.top != 0 || p.right != 0 || p.bottom != 0 {
            var shape = x.shape
            let h = shape[shape.count - 2], w = shape[shape.count - 1]
            shape[shape.count - 2] = h + p.top + p.bottom
            shape[shape.count - 1] = w + p.left + p.right
            img = Tensor.full(shape, fill, dtype: x.dtype)
            img[.ellipsis, p.top..<(p.top + h), p.left..<(p.left + w)] = x
        }
        let h = img.shape[img.ndim - 2], w = img.shape[img.ndim - 1]
        guard h >= size.height && w >= size.width else {
            emberFatal("Required crop size \(size) is larger than input image size (\(h), \(w))")
        }
        if h == size.height && w == size.width { return img }
        let g = transformGenerator(generator)
        let i = Int(Tensor.randint(0, h - size.height + 1, [1], generator: g).item())
        let j = Int(Tensor.randint(0, w - size.width + 1, [1], generator: g).item())
        return img[.ellipsis, i..<(i + size.height), j..<(j + size.width)].contiguous()
    }
}

/// `transforms.RandomHorizontalFlip(p)`: flips the last dim when `torch.rand(1) < p`.
public struct RandomHorizontalFlip: Transform {
    public let p: Double
    public let generator: Generator?

    public init(p: Double = 0.5, generator: Generator? = nil) {
        self.p = p
        self.generator = generator
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        // The comparison runs in float32, as `torch.rand(1) < p` does.
        let u = Float(Tensor.rand(1, dtype: .float32, generator: transformGenerator(generator)).item())
        return u < Float(p) ? x.flip(-1) : x
    }
}
