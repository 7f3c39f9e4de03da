import CEmberKernels

extension CPUBackend {
    /// Sums over leading dims (and any trailing ones) of a contiguous float tensor, the
    /// reductions backward passes make most: a bias gradient (`[N, C]` over N, `[N, C, H, W]`
    /// over N, H, W) or a broadcast operand's gradient. Output element k adds its values in a
    /// fixed order (leading index outer, trailing block inner), whatever the thread count;
    /// tasks split the kept elements, never the sums.
    func fastOuterSum(_ x: StridedView, _ dims: [Int], _ out: StridedView) -> Bool {
        let n = x.shape.count
        guard let first = dims.first, first == 0 else { return false }
        var lead = 0
        while lead < dims.count && dims[lead] == lead { lead += 1 }
        let trail = dims.count - lead
        for (k, d) in dims[lead...].enumerated() where d != n - trail + k { return false }
        let P = x.shape[0..<lead].reduce(1, *), K = x.shape[lead..<(n - trail)].reduce(1, *)
        let S = x.shape[(n - trail)...].reduce(1, *)
        guard P * K * S > 0 else { return false }
        let isFloat = x.dtype == .float32
        let base = UnsafeRawPointer(x.storage.address) + x.offset * x.dtype.itemSize
        let acc = UnsafeMutablePointer<Double>.allocate(capacity: K)
        defer { acc.deallocate() }
        func task(_ k0: Int, _ count: Int) {
            (acc + k0).update(repeating: 0, count: count)
            for p in 0..<P {
                let row = p * K * S
                if S == 1 {
                    if isFloat {
                        let v = base.assumingMemoryBound(to: Float.self) + row
                        for k in k0..<(k0 + count) { acc[k] += Double(v[k]) }
                    } else {
                        let v = base.assumingMemoryBound(to: Double.self) + row
                        for k in k0..<(k0 + count) { acc[k] += v[k] }
                    }
                } else {
                    for k in k0..<(k0 + count) {
                        acc[k] += isFloat ? ember_vsum_f32(base.assumingMemoryBound(to: Float.self) + row + k * S, S)
                                          : ember_vsum_f64(base.assumingMemoryBound(to: Double.self) + row + k * S, S)
                    }
                }
            }
            for k in k0..<(k0 + count) {
                if isFloat { (out.pointer(Float.self) + out.offset)[k] = Float(acc[k]) }
                else { (out.pointer(Double.self) + out.offset)[k] = acc[k] }
            }
        }
        // Enough kept elements per task that a task's share of the input is worth a thread.
        let grain = Swift.max(1, (1 << 15) / Swift.max(1, P * S))
        parallelChunks(K, grain: grain, task)
        return true
    }
}
