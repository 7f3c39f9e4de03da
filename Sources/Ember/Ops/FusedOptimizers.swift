import CEmberKernels

/// Optimizer updates in one pass per parameter (PyTorch's `_fused_adam_` idea): the same
/// float operations, element by element and in the same order, as the optimizers' tensor-op
/// path, so results are bit-identical to it, without the temporaries (about ten full-size
/// tensors per Adam step) that path allocates and streams through memory.
///
/// `package`: EmberNN's optimizers call it for contiguous CPU float tensors and keep their
/// tensor-op path for everything else (other devices, strided parameters, amsgrad…).
package enum FusedOptimizers {
    /// Elements per task: fixed, so results never depend on the thread count (they cannot
    /// anyway, each element being independent; fixed chunks keep the split cheap).
    static let chunk = 1 << 15

    /// Adam's update for one parameter:
    ///
    ///     m = lerp(m, g, w)                      (w < 0.5: m + (g - m)·w, else g - (g - m)·(1 - w))
    ///     v = v·β2 + (g·(1 - β2))·g
    ///     p = p + (m·(-stepSize)) / (sqrt(v) / bc2Sqrt + eps)
    ///
    /// Returns false (doing nothing) when the tensors are not all contiguous CPU tensors of
    /// one float dtype and size; the caller then takes its tensor-op path.
    package static func adam(param: Tensor, grad: Tensor, expAvg: Tensor, expAvgSq: Tensor,
                             lerpWeight: Double, beta2: Double, biasCorrection2Sqrt: Double,
                             eps: Double, stepSize: Double) -> Bool {
        let all = [param, grad, expAvg, expAvgSq]
        guard all.allSatisfy({ $0.device == .cpu && $0.isContiguous && $0.dtype == param.dtype && $0.count == param.count })
        else { return false }
        switch param.dtype {
        case .float32:
            adamLoop(Float.self, all, lerpWeight: lerpWeight, beta2: beta2, bc2Sqrt: biasCorrection2Sqrt, eps: eps, stepSize: stepSize)
        case .float64:
            adamLoop(Double.self, all, lerpWeight: lerpWeight, beta2: beta2, bc2Sqrt: biasCorrection2Sqrt, eps: eps, stepSize: stepSize)
        default:
            return false
        }
        for t in [param, expAvg, expAvgSq] { t.bumpVersion() }
        return true
    }

    private static func adamLoop<T: BinaryFloatingPoint & TensorScalar>(
        _: T.Type, _ tensors: [Tensor], lerpWeight: Double, beta2: Double, bc2Sqrt: Double, eps: Double, stepSize: Double
    ) {
        let p = tensors[0].view.pointer(T.self) + tensors[0].storageOffset
        let g = tensors[1].view.pointer(T.self) + tensors[1].storageOffset
        let m = tensors[2].view.pointer(T.self) + tensors[2].storageOffset
        let v = tensors[3].view.pointer(T.self) + tensors[3].storageOffset
        // Scalars enter the tensor ops converted to the tensor's dtype; so they do here.
        let w = T(lerpWeight), small: Int32 = Swift.abs(w) < T(0.5) ? 1 : 0, oneMinusW = 1 - w
        let b2 = T(beta2), c2 = T(1 - beta2), bc2 = T(bc2Sqrt), e = T(eps), step = T(-stepSize)
        let n = tensors[0].count
        func run(_ task: Int) {
            let lo = task * chunk, count = Swift.min(n - lo, chunk)
            if T.self == Float.self {
                ember_adam_f32(count, cast(p + lo), UnsafePointer(cast(g + lo) as UnsafeMutablePointer<Float>), cast(m + lo), cast(v + lo), Float(w), small,
                               Float(oneMinusW), Float(b2), Float(c2), Float(bc2), Float(e), Float(step))
            } else {
                ember_adam_f64(count, cast(p + lo), UnsafePointer(cast(g + lo) as UnsafeMutablePointer<Double>), cast(m + lo), cast(v + lo), Double(w), small,
                               Double(oneMinusW), Double(b2), Double(c2), Double(bc2), Double(e), Double(step))
            }
        }
        let tasks = (n + chunk - 1) / chunk
        if tasks > 1 { ThreadPool.shared.parallelFor(tasks, run) } else if n > 0 { run(0) }
    }
}

/// The same address as another element type (the dtype was checked by the caller).
@inline(__always)
private func cast<T, U>(_ p: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<U> {
    UnsafeMutableRawPointer(p).assumingMemoryBound(to: U.self)
}
