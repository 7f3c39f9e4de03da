import Ember

// Sub-pixel rearrangements: `F.pixel_shuffle` moves channel blocks into space (for
// super-resolution), `F.pixel_unshuffle` is its inverse. Both are reshape + permute.

/// `F.pixel_shuffle(input, upscale_factor)`: `[*, C·r², H, W]` to `[*, C, H·r, W·r]`.
public func pixelShuffle(_ input: Tensor, upscaleFactor r: Int, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.pixel_shuffle", [.tensor(input), .int(r)], file: file, line: line) {
        pixelShuffleBody(input, upscaleFactor: r, file: file, line: line)
    }
}

private func pixelShuffleBody(_ input: Tensor, upscaleFactor r: Int, file: StaticString, line: UInt) -> Tensor {
    guard input.ndim >= 3 else {
        emberFatal("pixel_shuffle expects input to have at least 3 dimensions, but got input with \(input.ndim) dimension(s)", file: file, line: line)
    }
    guard r > 0 else { emberFatal("pixel_shuffle expects a positive upscale_factor, but got \(r)", file: file, line: line) }
    let c = input.shape[input.ndim - 3], h = input.shape[input.ndim - 2], w = input.shape[input.ndim - 1]
    guard c % (r * r) == 0 else {
        emberFatal("pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)=\(c) is not divisible by \(r * r)", file: file, line: line)
    }
    let batch = Array(input.shape.dropLast(3)), b = batch.count
    let expanded = input.reshape(batch + [c / (r * r), r, r, h, w], file: file, line: line)
    // [*, C, r, r, H, W] -> [*, C, H, r, W, r]
    let order = Array(0..<b) + [b, b + 3, b + 1, b + 4, b + 2]
    return expanded.permute(order, file: file, line: line).reshape(batch + [c / (r * r), h * r, w * r], file: file, line: line)
}

/// `F.pixel_unshuffle(input, downscale_factor)`: `[*, C, H·r, W·r]` to `[*, C·r², H, W]`.
public func pixelUnshuffle(_ input: Tensor, downscaleFactor r: Int, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.pixel_unshuffle", [.tensor(input), .int(r)], file: file, line: line) {
        pixelUnshuffleBody(input, downscaleFactor: r, file: file, line: line)
    }
}

private func pixelUnshuffleBody(_ input: Tensor, downscaleFactor r: Int, file: StaticString, line: UInt) -> Tensor {
    guard input.ndim >= 3 else {
        emberFatal("pixel_unshuffle expects input to have at least 3 dimensions, but got input with \(input.ndim) dimension(s)", file: file, line: line)
    }
    guard r > 0 else { emberFatal("pixel_unshuffle expects a positive downscale_factor, but got \(r)", file: file, line: line) }
    let c = input.shape[input.ndim - 3], h = input.shape[input.ndim - 2], w = input.shape[input.ndim - 1]
    guard h % r == 0 else {
        emberFatal("pixel_unshuffle expects height to be divisible by downscale_factor, but input.size(-2)=\(h) is not divisible by \(r)", file: file, line: line)
    }
    guard w % r == 0 else {
        emberFatal("pixel_unshuffle expects width to be divisible by downscale_factor, but input.size(-1)=\(w) is not divisible by \(r)", file: file, line: line)
    }
    let batch = Array(input.shape.dropLast(3)), b = batch.count
    let expanded = input.reshape(batch + [c, h / r, r, w / r, r], file: file, line: line)
    // [*, C, H, r, W, r] -> [*, C, r, r, H, W]
    let order = Array(0..<b) + [b, b + 2, b + 4, b + 1, b + 3]
    return expanded.permute(order, file: file, line: line).reshape(batch + [c * r * r, h / r, w / r], file: file, line: line)
}

/// `nn.PixelShuffle(upscale_factor)`.
open class PixelShuffle: Module {
    public let upscaleFactor: Int
    public init(_ upscaleFactor: Int) {
        self.upscaleFactor = upscaleFactor
        super.init()
    }
    open override func forward(_ input: Tensor) -> Tensor {
        let s = currentSite()
        return pixelShuffle(input, upscaleFactor: upscaleFactor, file: s.file, line: s.line)
    }
    open override var extraRepr: String { "upscale_factor=\(upscaleFactor)" }
}

/// `nn.PixelUnshuffle(downscale_factor)`.
open class PixelUnshuffle: Module {
    public let downscaleFactor: Int
    public init(_ downscaleFactor: Int) {
        self.downscaleFactor = downscaleFactor
        super.init()
    }
    open override func forward(_ input: Tensor) -> Tensor {
        let s = currentSite()
        return pixelUnshuffle(input, downscaleFactor: downscaleFactor, file: s.file, line: s.line)
    }
    open override var extraRepr: String { "downscale_factor=\(downscaleFactor)" }
}
