// `torch.nn.functional.pad`: constant, reflect, replicate and circular padding. It lives in the
// core (EmberNN re-exports it) so that ops below EmberNN can pad too.

/// `torch.nn.functional.pad(input, pad, mode="constant", value=None)`.
///
/// `pad` lists (left, right) amounts starting from the last dim: `[1, 1, 2, 2]` pads the
/// last dim by 1 on each side and the one before by 2. Modes: "constant" (negative amounts
/// crop), "reflect", "replicate", "circular".
public func pad(_ input: Tensor, _ pad: [Int], mode: String = "constant", value: Double? = nil,
                file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    Tensor.traced("aten.pad", [.tensor(input), .ints(pad), .string(mode), .optional(value)], file: file, line: line) {
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
