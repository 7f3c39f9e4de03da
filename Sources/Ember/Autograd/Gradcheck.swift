/// Thrown by `gradcheck` when analytical and numerical Jacobians disagree.
public struct GradcheckError: Error, CustomStringConvertible {
    public let description: String
}

/// `torch.autograd.gradcheck`: compares the gradients autograd computes for `f` with
/// central finite differences. Use float64 inputs that require grad.
///
/// - Returns: true when every Jacobian entry agrees within `atol + rtol * |numerical|`;
///   throws `GradcheckError` on a mismatch when `raiseException` (PyTorch's default).
@discardableResult
public func gradcheck(_ f: ([Tensor]) -> Tensor, _ inputs: [Tensor], eps: Double = 1e-6, atol: Double = 1e-5,
                      rtol: Double = 1e-3, raiseException: Bool = true) throws -> Bool {
    for (k, input) in inputs.enumerated() where input.requiresGrad {
        // Rebuilt per input: finite differences bump the versions of the inputs' storage.
        let output = f(inputs)
        let outCount = output.count
        if input.dtype != .float64 {
            // PyTorch warns; finite differences in float32 are too coarse to be trusted.
            throw GradcheckError(description: "gradcheck: input \(k) is \(input.dtype); use float64 inputs")
        }
        // Analytical Jacobian first, row by row with one-hot output gradients (the finite
        // differences below write into the input, which would invalidate saved tensors).
        var analytical: [[Double]] = []
        for i in 0..<outCount {
            var onehot = [Double](repeating: 0, count: outCount)
            onehot[i] = 1
            // An output that does not depend on any input (a linear op's gradient, in
            // gradgradcheck) has a zero Jacobian.
            guard output.requiresGrad else {
                analytical.append([Double](repeating: 0, count: input.count))
                continue
            }
            let seed = Tensor(onehot, shape: output.shape, dtype: output.dtype)
            let grads = Autograd.grad([output], [input], gradOutputs: [seed], retainGraph: true, allowUnused: true)
            analytical.append(grads[0]?.toArray(Double.self) ?? [Double](repeating: 0, count: input.count))
        }
        // Numerical Jacobian, column by column: d out / d input[j].
        let base = input.detach()
        for j in 0..<input.count {
            let original = base.flatElement(j)
            base.setFlatElement(j, original + eps)
            let plus = noGrad { f(inputs) }.toArray(Double.self)
            base.setFlatElement(j, original - eps)
            let minus = noGrad { f(inputs) }.toArray(Double.self)
            base.setFlatElement(j, original)
            for i in 0..<outCount {
                let numerical = (plus[i] - minus[i]) / (2 * eps)
                guard Swift.abs(analytical[i][j] - numerical) > atol + rtol * Swift.abs(numerical) else { continue }
                guard raiseException else { return false }
                throw GradcheckError(description: "Jacobian mismatch for output 0 with respect to input \(k),\nnumerical:\(numerical)\nanalytical:\(analytical[i][j])\n(at output element \(i), input element \(j))")
            }
        }
    }
    return true
}

/// `torch.autograd.gradgradcheck`: gradcheck of the gradient itself (second derivatives),
/// using `createGraph` and a fixed upstream gradient.
@discardableResult
public func gradgradcheck(_ f: ([Tensor]) -> Tensor, _ inputs: [Tensor], eps: Double = 1e-6, atol: Double = 1e-5,
                          rtol: Double = 1e-3, raiseException: Bool = true) throws -> Bool {
    let probe = f(inputs)
    // A fixed, non-trivial upstream gradient so cross terms are exercised.
    let upstream = Tensor((0..<probe.count).map { 0.5 + Double($0 % 7) * 0.25 }, shape: probe.shape, dtype: .float64)
    let differentiable = inputs.filter(\.requiresGrad)
    let firstOrder: ([Tensor]) -> Tensor = { xs in
        // Recorded even while gradcheck evaluates finite differences under noGrad.
        let out = enableGrad { f(xs) }
        let recording = isGradEnabled
        let grads = enableGrad {
            Autograd.grad([out], xs.filter(\.requiresGrad), gradOutputs: [upstream], createGraph: recording, allowUnused: true)
        }
        let flat = zip(grads, differentiable).map { g, x in (g ?? Tensor.zeros(like: x)).reshape([-1]) }
        return cat(flat)
    }
    return try gradcheck(firstOrder, inputs, eps: eps, atol: atol, rtol: rtol, raiseException: raiseException)
}

extension Tensor {
    /// A 0-d view of element `i` in row-major order (finite differences; no recording).
    private func element(_ i: Int) -> StridedView {
        var offset = storageOffset, rest = i
        for d in Swift.stride(from: ndim - 1, through: 0, by: -1) {
            offset += (rest % shape[d]) * strides[d]
            rest /= shape[d]
        }
        return StridedView(storage: storage, shape: [], strides: [], offset: offset, dtype: dtype)
    }

    /// Reads element `i` in row-major order.
    func flatElement(_ i: Int) -> Double {
        backend.download(element(i), as: Double.self)[0]
    }

    /// Writes element `i` in row-major order without the leaf check.
    func setFlatElement(_ i: Int, _ value: Double) {
        backend.fill(element(i), with: .double(value))
        bumpVersion()
    }
}
