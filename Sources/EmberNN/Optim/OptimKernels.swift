/// PyTorch's fused pointwise updates (`lerp_`, `addcmul_`, `addcdiv_`), composed of Ember
/// ops in the order ATen's CPU kernels compute them, so float32 results match closely.
/// Call under `noGrad`.
enum OptimKernels {
    /// `self.lerp_(end, weight)`: `self + w · (end - self)` for w < 0.5, else
    /// `end - (end - self) · (1 - w)`, with the weight in the tensor's dtype.
    static func lerp_(_ t: Tensor, _ end: Tensor, weight: Double) {
        // ATen compares the weight in the tensor's dtype.
        let w = t.dtype == .float64 ? weight : Double(Float(weight))
        if Swift.abs(w) < 0.5 {
            t.add_((end - t) * weight)
        } else {
            let oneMinus = t.dtype == .float64 ? 1 - weight : Double(1 - Float(weight))
            t.copy_(end - (end - t) * oneMinus)
        }
    }

    /// `self.addcmul_(a, b, value)`: `self + value · a · b`.
    static func addcmul_(_ t: Tensor, _ a: Tensor, _ b: Tensor, value: Double) {
        t.add_(a * value * b)
    }

    /// `self.addcdiv_(a, b, value)`: `self + value · a / b`.
    static func addcdiv_(_ t: Tensor, _ a: Tensor, _ b: Tensor, value: Double) {
        t.add_(a * value / b)
    }
}
