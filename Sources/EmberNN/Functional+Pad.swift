import Ember

// MARK: Size arguments (PyTorch's `_size_2_t`: an int or a tuple)

/// A kernel size, stride, padding or dilation argument: an `Int` (the same in every
/// spatial dim) or an `[Int]` with one value per dim, as PyTorch's int-or-tuple arguments:
/// `kernelSize: 3`, `kernelSize: [3, 5]` (Python's `(3, 5)`).
public protocol SizeArgument: PaddingArgument {
    /// The values for `n` spatial dims, nil when an array has another count.
    func sizes(_ n: Int) -> [Int]?
}

/// A `padding:` argument of a convolution: a `SizeArgument`, or `"same"` / `"valid"`.
public protocol PaddingArgument: Sendable {
    /// Python's repr of the argument as given (`2`, `(2, 3)`, `same`), for module descriptions.
    var pythonRepr: String { get }
}

extension Int: SizeArgument {
    public func sizes(_ n: Int) -> [Int]? { Array(repeating: self, count: n) }
    public var pythonRepr: String { String(self) }
}

extension Array: SizeArgument, PaddingArgument where Element == Int {
    public func sizes(_ n: Int) -> [Int]? { count == n ? self : nil }
    public var pythonRepr: String { pythonTuple(self) }
}

extension String: PaddingArgument {
    public var pythonRepr: String { self }
}

/// Python's tuple repr: `(3, 3)`, `(3,)`.
func pythonTuple(_ values: [Int]) -> String {
    values.count == 1 ? "(\(values[0]),)" : "(" + values.map(String.init).joined(separator: ", ") + ")"
}

/// Python's list repr of a shape: `[1, 4, 5, 5]`.

/// Expands a size argument to `n` dims with PyTorch's convolution error.
func expandSizes(_ argument: any SizeArgument, _ n: Int, name: String, file: StaticString, line: UInt) -> [Int] {
    guard let values = argument.sizes(n) else {
        let given = (argument as? [Int]).map(shapeString) ?? argument.pythonRepr
        emberFatal("expected \(name) to be a single integer value or a list of \(n) values to match the convolution dimensions, but got \(name)=\(given)", file: file, line: line)
    }
    return values
}

// MARK: pad

/// `torch.nn.functional.pad(input, pad, mode="constant", value=None)`.
///
/// `pad` lists (left, right) amounts starting from the last dim: `[1, 1, 2, 2]` pads the
/// last dim by 1 on each side and the one before by 2. Modes: "constant" (negative amounts
/// crop), "reflect", "replicate", "circular".
public func pad(_ input: Tensor, _ pad: [Int], mode: String = "constant", value: Double? = nil,
                file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    guard pad.count % 2 == 0 else { emberFatal("Padding length must be divisible by 2", file: file, line: line) }
    guard pad.count / 2 <= input.ndim else {
        emberFatal("Padding length should be less than or equal to two times the input dimension but got padding length \(pad.count) and input of dimension \(input.ndim)", file: file, line: line)
    }
    if mode != "constant", value != nil, value != 0 {
        emberFatal("Padding mode \"\(mode)\" doesn't take in value argument", file: file, line: line)
    }
    guard ["constant", "reflect", "replicate", "circular"].contains(mode) else {
        emberFatal("Unrecognised padding mode \(mode)", file: file, line: line)
    }
    var x = input
    for pair in 0..<(pad.count / 2) {
        let dim = input.ndim - 1 - pair
        let (left, right) = (pad[2 * pair], pad[2 * pair + 1])
        if left == 0 && right == 0 { continue }
        if mode == "constant" {
            x = constantPad(x, dim: dim, left: left, right: right, value: value ?? 0, file: file, line: line)
        } else {
            x = indexPad(x, dim: dim, left: left, right: right, mode: mode, pad: pad, file: file, line: line)
        }
    }
    return x
}

private func constantPad(_ x: Tensor, dim: Int, left: Int, right: Int, value: Double,
                         file: StaticString, line: UInt) -> Tensor {
    var x = x
    let size = x.shape[dim]
    if size + left + right < 0 || (left < 0 && -left > size) || (right < 0 && -right > size) {
        emberFatal("The input size \(size), plus negative padding \(left) and \(right) resulted in a negative output size, which is invalid. Check dimension \(dim) of your input.", file: file, line: line)
    }
    // Crops first, then fills.
    if left < 0 || right < 0 {
        let start = Swift.max(-left, 0), end = size - Swift.max(-right, 0)
        x = x.narrow(dim, start, end - start, file: file, line: line)
    }
    var pieces: [Tensor] = []
    func filler(_ n: Int) -> Tensor {
        var shape = x.shape
        shape[dim] = n
        return Tensor.full(shape, value, dtype: x.dtype, device: x.device)
    }
    if left > 0 { pieces.append(filler(left)) }
    pieces.append(x)
    if right > 0 { pieces.append(filler(right)) }
    return pieces.count == 1 ? x : cat(pieces, dim: dim, file: file, line: line)
}

/// reflect / replicate / circular: one `indexSelect` along `dim` with the source position
/// of every output position (its backward adds the gradients back).
private func indexPad(_ x: Tensor, dim: Int, left: Int, right: Int, mode: String, pad: [Int],
                      file: StaticString, line: UInt) -> Tensor {
    let size = x.shape[dim]
    switch mode {
    case "reflect":
        guard left < size, right < size else {
            emberFatal("Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (\(left), \(right)) at dimension \(dim) of input \(shapeString(x.shape))", file: file, line: line)
        }
    case "circular":
        guard left <= size, right <= size else {
            emberFatal("Padding value causes wrapping around more than once.", file: file, line: line)
        }
    default:
        guard size > 0 else {
            emberFatal("padding size is expected to be non-zero", file: file, line: line)
        }
    }
    var index: [Int64] = []
    for i in -left..<(size + right) {
        let j: Int
        switch mode {
        case "reflect": j = i < 0 ? -i : (i >= size ? 2 * (size - 1) - i : i)
        case "replicate": j = Swift.min(Swift.max(i, 0), size - 1)
        default: j = ((i % size) + size) % size
        }
        index.append(Int64(j))
    }
    return x.indexSelect(dim, Tensor(index), file: file, line: line)
}
