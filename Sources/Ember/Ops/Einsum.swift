// `torch.einsum`, following PyTorch's algorithm (aten/src/ATen/native/Linear.cpp): each
// operand is aligned to one layout (output dims, then contraction dims; diagonals taken
// for repeated labels, size-1 dims for missing ones), then the operands are contracted
// left to right, each pair by one `bmm`. Built from recorded ops, so autograd flows
// through it.

/// `torch.einsum(equation, *operands)`: sums products of the operands' elements over the
/// labels that are not in the output.
///
/// `"ij,jk->ik"` is a matrix product; without `->` the output is the labels that appear
/// exactly once, sorted (uppercase before lowercase), after any ellipsis dims. A label
/// repeated within one operand takes a diagonal (`"ii->i"`); `...` stands for broadcast
/// dims; spaces are ignored.
public func einsum(_ equation: String, _ operands: Tensor..., file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    einsum(equation, operands, file: file, line: line)
}

/// `torch.einsum(equation, operands)` with the operands in an array.
public func einsum(_ equation: String, _ operands: [Tensor], file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    func fail(_ message: String) -> Never { emberFatal("einsum(): " + message, file: file, line: line) }
    guard !operands.isEmpty else {
        fail("must specify the equation string and at least one operand, or at least one operand and its subscripts list")
    }
    let parsed = EinsumEquation(equation, operandCount: operands.count, fail: fail)
    let labels = parsed.operandLabels
    let numOps = operands.count

    // How many times each label appears over all operands, and the most dims an ellipsis covers.
    var labelCount = Array(repeating: 0, count: EinsumEquation.labelCount)
    var ellNumDim = 0
    for (i, operand) in operands.enumerated() {
        var nlabels = labels[i].count
        let hasEllipsis = labels[i].contains(EinsumEquation.ellipsis)
        for label in labels[i] where label != EinsumEquation.ellipsis { labelCount[label] += 1 }
        if hasEllipsis {
            nlabels -= 1
            ellNumDim = Swift.max(ellNumDim, operand.ndim - nlabels)
        }
        if hasEllipsis && nlabels > operand.ndim {
            fail("the number of subscripts in the equation (\(nlabels)) is more than the number of dimensions (\(operand.ndim)) for operand \(i)")
        }
        if !hasEllipsis && nlabels != operand.ndim {
            fail("the number of subscripts in the equation (\(nlabels)) does not match the number of dimensions (\(operand.ndim)) for operand \(i) and no ellipsis was given")
        }
    }

    // Where each label goes in the aligned layout: output dims first, then contraction dims.
    var permIndexOf = Array(repeating: -1, count: EinsumEquation.labelCount)
    var permIndex = 0, ellIndex = 0, ellInOutput = false
    if let rhs = parsed.output {
        // The output is parsed after the operands are checked, as in PyTorch.
        var i = 0
        while i < rhs.count {
            switch rhs[i] {
            case UInt8(ascii: " "):
                break
            case UInt8(ascii: "."):
                guard !ellInOutput else { fail("found '.' for output but an ellipsis (...) was already found") }
                guard i + 2 < rhs.count && rhs[i + 1] == UInt8(ascii: ".") && rhs[i + 2] == UInt8(ascii: ".") else {
                    fail("found '.' for output that is not part of any ellipsis (...)")
                }
                i += 2
                ellIndex = permIndex
                permIndex += ellNumDim
                ellInOutput = true
            default:
                guard let label = EinsumEquation.label(rhs[i]) else {
                    fail("invalid subscript given at index \(parsed.outputStart + i) in the equation string, subscripts must be in [a-zA-Z]")
                }
                guard labelCount[label] > 0 && permIndexOf[label] == -1 else {
                    fail("output subscript \(EinsumEquation.character(label))\(permIndexOf[label] > -1 ? " appears more than once in the output" : " does not appear in the equation for any input operand")")
                }
                permIndexOf[label] = permIndex
                permIndex += 1
            }
            i += 1
        }
    } else {
        // Implicit output: the ellipsis dims, then labels seen exactly once, in label order.
        permIndex = ellNumDim
        ellInOutput = true
        for label in 0..<EinsumEquation.labelCount where labelCount[label] == 1 {
            permIndexOf[label] = permIndex
            permIndex += 1
        }
    }
    let outNumDim = permIndex
    if !ellInOutput {
        ellIndex = permIndex
        permIndex += ellNumDim
    }
    for label in 0..<EinsumEquation.labelCount where labelCount[label] > 0 && permIndexOf[label] == -1 {
        permIndexOf[label] = permIndex
        permIndex += 1
    }

    // Align every operand: check sizes, take diagonals, add missing dims, permute.
    var labelSize = Array(repeating: 1, count: EinsumEquation.labelCount)
    var ellSizes = Array(repeating: 1, count: ellNumDim)
    var ops: [Tensor] = []
    for (i, operand) in operands.enumerated() {
        var op = operand
        var permutation = Array(repeating: -1, count: permIndex)
        var dim = 0
        for label in labels[i] {
            if label == EinsumEquation.ellipsis {
                let covered = operand.ndim - (labels[i].count - 1)
                for j in (ellNumDim - covered)..<ellNumDim {
                    let size = op.shape[dim]
                    if size != 1 {
                        guard ellSizes[j] == 1 || ellSizes[j] == size else {
                            // PyTorch's message has no space before "has".
                            fail("dimension \(dim) covered by ellipsis in operand \(i)has size \(size) which does not broadcast with previously seen ellipsis with size \(ellSizes[j]) for the respective dimension")
                        }
                        ellSizes[j] = size
                    }
                    permutation[ellIndex + j] = dim
                    dim += 1
                }
            } else if permutation[permIndexOf[label]] == -1 {
                let size = op.shape[dim]
                if size != 1 {
                    guard labelSize[label] == 1 || labelSize[label] == size else {
                        fail("subscript \(EinsumEquation.character(label)) has size \(size) for operand \(i) which does not broadcast with previously seen size \(labelSize[label])")
                    }
                    labelSize[label] = size
                }
                permutation[permIndexOf[label]] = dim
                dim += 1
            } else {
                // A repeated label: take the diagonal and keep it where the first one was.
                let previous = permutation[permIndexOf[label]]
                guard op.shape[dim] == op.shape[previous] else {
                    fail("subscript \(EinsumEquation.character(label)) is repeated for operand \(i) but the sizes don't match, \(op.shape[dim]) != \(op.shape[previous])")
                }
                op = op.diagonal(offset: 0, dim1: previous, dim2: dim, file: file, line: line)
                    .moveLastDim(to: previous, file: file, line: line)
            }
        }
        for k in permutation.indices where permutation[k] == -1 {
            op = op.unsqueeze(-1, file: file, line: line)
            permutation[k] = op.ndim - 1
        }
        ops.append(op.permute(permutation, file: file, line: line))
    }

    // For each dim, the last operand where it is not 1: a contraction dim is summed there.
    var lastOp = Array(repeating: 0, count: permIndex)
    var outSizes = Array(repeating: 1, count: permIndex)
    var hasZeroSize = false
    for d in 0..<permIndex {
        outSizes[d] = ops[0].shape[d]
        for i in 1..<numOps where ops[i].shape[d] != 1 {
            outSizes[d] = ops[i].shape[d]
            lastOp[d] = i
        }
        hasZeroSize = hasZeroSize || outSizes[d] == 0
    }
    if hasZeroSize {
        return Tensor.zeros(Array(outSizes[..<outNumDim]), dtype: ops[0].dtype, device: ops[0].device)
    }

    // Sum out (or squeeze) the contraction dims no later operand has.
    var result = ops[0]
    var dim = outNumDim
    for d in outNumDim..<permIndex {
        if lastOp[d] == 0 {
            result = result.shape[dim] == 1 ? result.squeeze(dim, file: file, line: line)
                                            : result.sum(dim: dim, file: file, line: line)
        } else {
            dim += 1
        }
    }

    // Contract the operands left to right.
    for i in 1..<numOps {
        var operand = ops[i]
        var sumDims: [Int] = []
        dim = outNumDim
        for d in outNumDim..<permIndex {
            if lastOp[d] < i {
                operand = operand.squeeze(dim, file: file, line: line)
            } else if lastOp[d] == i {
                if result.shape[dim] == 1 {
                    operand = operand.sum(dim: dim, file: file, line: line)
                    result = result.squeeze(dim, file: file, line: line)
                } else {
                    sumDims.append(dim)
                    dim += 1
                }
            } else {
                dim += 1
            }
        }
        if sumDims.isEmpty {
            result = mul(result, operand, file: file, line: line)
        } else if sumDims.count == result.ndim {
            result = dot(result.flatten(file: file, line: line), operand.flatten(file: file, line: line), file: file, line: line)
        } else {
            result = sumProductPair(result, operand, sumDims: sumDims, file: file, line: line)
        }
    }
    return result
}

/// Multiplies two aligned operands (same ndim, broadcastable) and sums `sumDims` away, as
/// one `bmm`: dims in both become the batch, dims in one become rows or columns.
private func sumProductPair(_ left: Tensor, _ right: Tensor, sumDims: [Int], file: StaticString, line: UInt) -> Tensor {
    var left = left, right = right
    let ndim = left.ndim
    let summed = Set(sumDims)
    var lro: [Int] = [], lo: [Int] = [], ro: [Int] = []
    var lroSize = 1, loSize = 1, roSize = 1, sumSize = 1
    for i in 0..<ndim {
        let sl = left.shape[i] != 1, sr = right.shape[i] != 1
        if summed.contains(i) {
            if sl && sr {
                sumSize *= left.shape[i]
            } else if sl {
                left = left.sum(dim: i, keepdim: true, file: file, line: line)
            } else if sr {
                right = right.sum(dim: i, keepdim: true, file: file, line: line)
            }
        } else if sl && sr {
            lro.append(i)
            lroSize *= left.shape[i]
        } else if sl {
            lo.append(i)
            loSize *= left.shape[i]
        } else {
            ro.append(i)
            roSize *= right.shape[i]
        }
    }
    // left: (lro, lo, summed); right: (lro, summed, ro); out: (lro, lo, 1 per summed, ro).
    let outSize = lro.map { left.shape[$0] } + lo.map { left.shape[$0] } + sumDims.map { _ in 1 } + ro.map { right.shape[$0] }
    let leftOrder = lro + lo + sumDims + ro
    let rightOrder = lro + sumDims + ro + lo
    var outOrder = Array(repeating: 0, count: ndim)
    for (position, d) in leftOrder.enumerated() { outOrder[d] = position }
    let l3 = left.permute(leftOrder, file: file, line: line).reshape([lroSize, loSize, sumSize], file: file, line: line)
    let r3 = right.permute(rightOrder, file: file, line: line).reshape([lroSize, sumSize, roSize], file: file, line: line)
    let product = bmm(l3, r3, file: file, line: line)
        .view(outSize, file: file, line: line)
        .permute(outOrder, file: file, line: line)
    let kept = (0..<ndim).filter { !summed.contains($0) }.map { product.shape[$0] }
    return product.view(kept, file: file, line: line)
}

/// The parsed subscripts of an einsum equation: labels 0..<52 (`A`–`Z`, then `a`–`z`) and
/// 52 for an ellipsis, per operand; the explicit output's text when `->` is given.
private struct EinsumEquation {
    static let labelCount = 52
    static let ellipsis = 52

    var operandLabels: [[Int]]
    /// The bytes after `->`, nil for an implicit output.
    var output: [UInt8]?
    /// The index of the output's first byte in the equation (for messages).
    var outputStart: Int

    static func label(_ c: UInt8) -> Int? {
        switch c {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): Int(c - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): Int(c - UInt8(ascii: "a")) + 26
        default: nil
        }
    }

    static func character(_ label: Int) -> Character {
        Character(Unicode.Scalar(UInt8(label < 26 ? Int(UInt8(ascii: "A")) + label : Int(UInt8(ascii: "a")) + label - 26)))
    }

    init(_ equation: String, operandCount: Int, fail: (String) -> Never) {
        let chars = Array(equation.utf8)
        // The first "->" splits inputs from the output.
        var arrow: Int? = nil
        if chars.count >= 2 {
            for i in 0..<(chars.count - 1) where chars[i] == UInt8(ascii: "-") && chars[i + 1] == UInt8(ascii: ">") {
                arrow = i
                break
            }
        }
        let lhs = Array(chars[..<(arrow ?? chars.count)])

        operandLabels = Array(repeating: [], count: operandCount)
        var current = 0
        var ellipsisSeen = false
        var i = 0
        while i < lhs.count {
            let c = lhs[i]
            switch c {
            case UInt8(ascii: " "):
                break
            case UInt8(ascii: "."):
                guard !ellipsisSeen else { fail("found '.' for operand \(current) for which an ellipsis was already found") }
                guard i + 2 < lhs.count && lhs[i + 1] == UInt8(ascii: ".") && lhs[i + 2] == UInt8(ascii: ".") else {
                    fail("found '.' for operand \(current) that is not part of any ellipsis")
                }
                i += 2
                operandLabels[current].append(Self.ellipsis)
                ellipsisSeen = true
            case UInt8(ascii: ","):
                current += 1
                guard current < operandCount else { fail("fewer operands were provided than specified in the equation") }
                ellipsisSeen = false
            default:
                guard let label = Self.label(c) else {
                    fail("invalid subscript given at index \(i) in the equation string, subscripts must be in [a-zA-Z]")
                }
                operandLabels[current].append(label)
            }
            i += 1
        }
        guard current == operandCount - 1 else { fail("more operands were provided than specified in the equation") }

        output = arrow.map { Array(chars[($0 + 2)...]) }
        outputStart = lhs.count + 2
    }
}

extension Tensor {
    /// Moves the last dim to `position` (`movedim(-1, position)`), as a permute.
    fileprivate func moveLastDim(to position: Int, file: StaticString, line: UInt) -> Tensor {
        var order = Array(0..<(ndim - 1))
        order.insert(ndim - 1, at: position)
        return permute(order, file: file, line: line)
    }
}
