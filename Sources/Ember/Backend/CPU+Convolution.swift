// 2-D convolution as one op on the CPU: im2col into the columns the backward keeps, then
// one GEMM per image (and group) with the bias written first and accumulated onto. The
// backward computes the input's gradient image by image (GEMM into a per-task scratch,
// folded straight into the image) and the weight's gradient as GEMMs accumulated into one
// buffer per fixed chunk of images, never the per-image [O, C*k] products a batched matmul
// backward materialises and then sums.
// Determinism: tasks are images or fixed chunks of 8 images, and partial sums combine in
// chunk order, so results do not depend on the thread count.

/// A convolution's shapes: `[N, C, H, W]` unfolded to `[N, C*kh*kw, L]`, the weight seen as
/// `[O, C/groups*kh*kw]`, the output `[N, O, L]`.
struct ConvPlan: Sendable {
    var geometry: Im2ColGeometry
    var groups: Int
    var outChannels: Int

    var columnRows: Int { geometry.columnRows }
    var kPerGroup: Int { geometry.columnRows / groups }
    var oPerGroup: Int { outChannels / groups }
    var blockCount: Int { geometry.blockCount }
}

/// Images per weight-gradient chunk: enough tasks for the threads, few partial buffers.
private let convChunkImages = 8

extension CPUBackend {
    /// `out = W·columns(x) (+ bias)`; `weight`, `bias`, `columns` and `out` are contiguous.
    /// With `columns` the unfolded input is kept there (the backward reads it); without,
    /// each image unfolds into a scratch buffer of its own.
    func convolutionForward(_ x: StridedView, weight: StridedView, bias: StridedView?, columns: StridedView?,
                            out: StridedView, plan: ConvPlan) {
        switch x.dtype {
        case .float32: convForwardTyped(Float.self, x, weight, bias, columns, out, plan)
        case .float64: convForwardTyped(Double.self, x, weight, bias, columns, out, plan)
        default: fatalError("convolution: unsupported dtype \(x.dtype)")
        }
    }

    /// The gradients a convolution's inputs need from `gradOut` (`[N, O, L]`, contiguous):
    /// `gradInput` (contiguous) gets the folded column gradients, `gradWeight`
    /// (`[O, C/groups*k]`) and `gradBias` (`[O]`) are overwritten.
    func convolutionBackward(_ gradOut: StridedView, columns: StridedView, weight: StridedView,
                             gradInput: StridedView?, gradWeight: StridedView?, gradBias: StridedView?, plan: ConvPlan) {
        switch gradOut.dtype {
        case .float32: convBackwardTyped(Float.self, gradOut, columns, weight, gradInput, gradWeight, gradBias, plan)
        case .float64: convBackwardTyped(Double.self, gradOut, columns, weight, gradInput, gradWeight, gradBias, plan)
        default: fatalError("convolution: unsupported dtype \(gradOut.dtype)")
        }
    }

    private func convForwardTyped<T: GemmScalar>(_: T.Type, _ x: StridedView, _ weight: StridedView, _ bias: StridedView?,
                                                 _ columns: StridedView?, _ out: StridedView, _ plan: ConvPlan) {
        let w = weight.pointer(T.self) + weight.offset, input = x.pointer(T.self) + x.offset
        let y = out.pointer(T.self) + out.offset, b = bias.map { $0.pointer(T.self) + $0.offset }
        let (L, kg, og) = (plan.blockCount, plan.kPerGroup, plan.oPerGroup)
        let geometry = plan.geometry, imageColumns = plan.columnRows * L
        let planeColumns = geometry.kernel.0 * geometry.kernel.1 * L
        func image(_ i: Int, into cols: UnsafeMutablePointer<T>, parallel: Bool) {
            for c in 0..<geometry.channels {
                im2colPlane(input + i * x.strides[0] + c * x.strides[1], rowStride: x.strides[2], colStride: x.strides[3],
                            cols + c * planeColumns, geometry, fold: false)
            }
            for group in 0..<plan.groups {
                let c = y + (i * plan.outChannels + group * og) * L
                if let b { for o in 0..<og { (c + o * L).update(repeating: b[group * og + o], count: L) } }
                gemm(m: og, n: L, k: kg, GemmMatrix(base: w + group * og * kg, rowStride: kg, colStride: 1),
                     GemmMatrix(base: cols + group * kg * L, rowStride: L, colStride: 1),
                     c, ldc: L, accumulate: b != nil, parallel: parallel)
            }
        }
        if let columns {
            let kept = columns.pointer(T.self) + columns.offset
            eachImage(geometry.batch) { i, parallel in image(i, into: kept + i * imageColumns, parallel: parallel) }
        } else {
            eachImage(geometry.batch) { i, parallel in
                GemmBufferPool.shared.with(T.self, count: imageColumns) { image(i, into: $0, parallel: parallel) }
            }
        }
    }

    private func convBackwardTyped<T: GemmScalar>(_: T.Type, _ gradOut: StridedView, _ columns: StridedView,
                                                  _ weight: StridedView, _ gradInput: StridedView?,
                                                  _ gradWeight: StridedView?, _ gradBias: StridedView?, _ plan: ConvPlan) {
        let g = gradOut.pointer(T.self) + gradOut.offset, cols = columns.pointer(T.self) + columns.offset
        let w = weight.pointer(T.self) + weight.offset
        let (L, kg, og, n) = (plan.blockCount, plan.kPerGroup, plan.oPerGroup, plan.geometry.batch)
        let imageOut = plan.outChannels * L, imageColumns = plan.columnRows * L
        if let gradInput {
            let gx = gradInput.pointer(T.self) + gradInput.offset
            let geometry = plan.geometry
            let (sn, sc) = (gradInput.strides[0], gradInput.strides[1])
            func image(_ i: Int, parallel: Bool) {
                GemmBufferPool.shared.with(T.self, count: imageColumns) { scratch in
                    // columns' gradient = Wᵀ · gradOut, group by group, then folded into the image.
                    for group in 0..<plan.groups {
                        gemm(m: kg, n: L, k: og, GemmMatrix(base: w + group * og * kg, rowStride: 1, colStride: kg),
                             GemmMatrix(base: g + i * imageOut + group * og * L, rowStride: L, colStride: 1),
                             scratch + group * kg * L, ldc: L, parallel: parallel)
                    }
                    // The (contiguous) image is zeroed here, just before its fold touches it.
                    (gx + i * sn).update(repeating: 0, count: sn)
                    let planeColumns = geometry.kernel.0 * geometry.kernel.1 * L
                    for c in 0..<geometry.channels {
                        im2colPlane(gx + i * sn + c * sc, rowStride: gradInput.strides[2], colStride: gradInput.strides[3],
                                    scratch + c * planeColumns, geometry, fold: true)
                    }
                }
            }
            eachImage(n, image)
        }
        guard gradWeight != nil || gradBias != nil else { return }
        let chunks = (n + convChunkImages - 1) / convChunkImages
        let weightCount = plan.outChannels * kg
        // Chunk c sums into partial c (the gradient itself when there is one chunk).
        let partialCount = chunks == 1 ? 0 : chunks * (weightCount + plan.outChannels)
        GemmBufferPool.shared.with(T.self, count: Swift.max(partialCount, 1)) { partials in
            let gw = gradWeight.map { $0.pointer(T.self) + $0.offset }
            let gb = gradBias.map { $0.pointer(T.self) + $0.offset }
            func weightPart(_ c: Int) -> UnsafeMutablePointer<T>? { chunks == 1 ? gw : partials + c * weightCount }
            func biasPart(_ c: Int) -> UnsafeMutablePointer<T>? {
                chunks == 1 ? gb : partials + chunks * weightCount + c * plan.outChannels
            }
            func chunk(_ c: Int) {
                let first = c * convChunkImages, last = Swift.min(n, first + convChunkImages)
                for i in first..<last {
                    if gradWeight != nil, let part = weightPart(c) {
                        // gradW += gradOut_i · columns_iᵀ, the columns read transposed in place.
                        for group in 0..<plan.groups {
                            gemm(m: og, n: kg, k: L, GemmMatrix(base: g + i * imageOut + group * og * L, rowStride: L, colStride: 1),
                                 GemmMatrix(base: cols + i * imageColumns + group * kg * L, rowStride: 1, colStride: L),
                                 part + group * og * kg, ldc: kg, accumulate: i != first, parallel: chunks == 1)
                        }
                    }
                    if gradBias != nil, let part = biasPart(c) {
                        for o in 0..<plan.outChannels {
                            let row = g + i * imageOut + o * L
                            var s = 0.0
                            for l in 0..<L { s += row[l]._double }
                            part[o] = i == first ? T(s) : part[o] + T(s)
                        }
                    }
                }
            }
            if chunks == 1 { chunk(0); return }
            ThreadPool.shared.parallelFor(chunks, chunk)
            func combine(_ into: UnsafeMutablePointer<T>, _ part: (Int) -> UnsafeMutablePointer<T>?, _ count: Int) {
                into.update(from: part(0)!, count: count)
                for c in 1..<chunks {
                    let p = part(c)!
                    for e in 0..<count { into[e] += p[e] }
                }
            }
            if let gw { combine(gw, weightPart, weightCount) }
            if let gb { combine(gb, biasPart, plan.outChannels) }
        }
    }

    /// Runs `body` for each image: one image per task when there are several (the GEMMs
    /// inside stay on their thread), else the one image with threaded GEMMs.
    private func eachImage(_ n: Int, _ body: (Int, Bool) -> Void) {
        if n == 1 {
            body(0, true)
        } else {
            ThreadPool.shared.parallelFor(n) { body($0, false) }
        }
    }
}
