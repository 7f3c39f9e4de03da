import CEmberKernels

// 2-D max pooling with argmax indices, as PyTorch's CPU kernel computes it: each window's
// first maximum (a NaN wins and propagates), the index flat in its input plane
// (`h * W + w`). The plane loop is C (pool_kernels.c), where the selects stay selects. One task per (image, channel) plane, so the backward's overlapping windows
// add up in the same order at any thread count.

/// A max pool's windows over `[N, C, H, W]` planes.
struct MaxPoolPlan: Sendable {
    var planes: Int, height: Int, width: Int
    var kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int), dilation: (Int, Int)
    var blocks: (Int, Int)
}

extension CPUBackend {
    /// Writes the maxima (`values`, contiguous `[N, C, oh, ow]`) and their int64 `indices`.
    func maxPool2d(_ x: StridedView, values: StridedView, indices: StridedView, plan: MaxPoolPlan) {
        switch x.dtype {
        case .float32: maxPoolTyped(Float.self, x, values, indices, plan)
        case .float64: maxPoolTyped(Double.self, x, values, indices, plan)
        default: fatalError("max_pool2d: unsupported dtype \(x.dtype)")
        }
    }

    /// Writes into the contiguous `gradInput` the sum of `grad`'s entries (contiguous like
    /// `indices`) at each index, zero elsewhere.
    func maxPool2dBackward(_ grad: StridedView, indices: StridedView, gradInput: StridedView, plan: MaxPoolPlan) {
        switch grad.dtype {
        case .float32: maxPoolBackwardTyped(Float.self, grad, indices, gradInput, plan)
        case .float64: maxPoolBackwardTyped(Double.self, grad, indices, gradInput, plan)
        default: fatalError("max_pool2d: unsupported dtype \(grad.dtype)")
        }
    }

    private func maxPoolTyped<T: FloatScalar>(_: T.Type, _ x: StridedView, _ values: StridedView,
                                              _ indices: StridedView, _ p: MaxPoolPlan) {
        let input = x.pointer(T.self) + x.offset
        let out = values.pointer(T.self) + values.offset, index = indices.pointer(Int64.self) + indices.offset
        let (oh, ow) = p.blocks, s1 = p.stride.1, channels = x.shape[1]
        // Per kernel column: the output columns whose input column lies in the plane.
        let ranges = (0..<p.kernel.1).map {
            blockColumnsInside(offset: $0 * p.dilation.1 - p.padding.1, stride: s1, width: p.width, blocks: ow)
        }
        let jLo = ranges.map(\.0), jHi = ranges.map(\.1)
        let firstW = (0..<ow).map { j in
            var w0 = j * s1 - p.padding.1
            while w0 < 0 { w0 += p.dilation.1 }
            return w0
        }
        jLo.withUnsafeBufferPointer { lo in
            jHi.withUnsafeBufferPointer { hi in
                firstW.withUnsafeBufferPointer { fw in
                    let g = ember_pool_geometry(
                        height: p.height, width: p.width, row_stride: x.strides[2], col_stride: x.strides[3],
                        kernel_h: p.kernel.0, kernel_w: p.kernel.1, stride_h: p.stride.0, stride_w: s1,
                        pad_h: p.padding.0, pad_w: p.padding.1, dilation_h: p.dilation.0, dilation_w: p.dilation.1,
                        out_h: oh, out_w: ow, j_lo: lo.baseAddress, j_hi: hi.baseAddress, first_w: fw.baseAddress)
                    withUnsafePointer(to: g) { geometry in parallelPlanes(p) { t in
                        let plane = input + (t / channels) * x.strides[0] + (t % channels) * x.strides[1]
                        let o = t * oh * ow
                        if T.self == Float.self {
                            ember_maxpool2d_plane_f32(geometry, UnsafeRawPointer(plane).assumingMemoryBound(to: Float.self),
                                                      UnsafeMutableRawPointer(out + o).assumingMemoryBound(to: Float.self), index + o)
                        } else {
                            ember_maxpool2d_plane_f64(geometry, UnsafeRawPointer(plane).assumingMemoryBound(to: Double.self),
                                                      UnsafeMutableRawPointer(out + o).assumingMemoryBound(to: Double.self), index + o)
                        }
                    } }
                }
            }
        }
    }

    private func maxPoolBackwardTyped<T: FloatScalar>(_: T.Type, _ grad: StridedView, _ indices: StridedView,
                                                      _ gradInput: StridedView, _ p: MaxPoolPlan) {
        let g = grad.pointer(T.self) + grad.offset, index = indices.pointer(Int64.self) + indices.offset
        let gx = gradInput.pointer(T.self) + gradInput.offset
        let outCount = p.blocks.0 * p.blocks.1, inCount = p.height * p.width
        parallelPlanes(p) { t in
            // Each task zeroes its own plane first: the plane is still in cache for the adds,
            // where a separate fill would pass over the whole gradient once more.
            let dst = gx + t * inCount
            dst.update(repeating: 0, count: inCount)
            for o in (t * outCount)..<((t + 1) * outCount) { dst[Int(index[o])] += g[o] }
        }
    }

    private func parallelPlanes(_ p: MaxPoolPlan, _ body: (Int) -> Void) {
        if p.planes > 1 && p.planes * p.blocks.0 * p.blocks.1 * p.kernel.0 * p.kernel.1 >= 1 << 15 {
            ThreadPool.shared.parallelFor(p.planes, body)
        } else {
            for t in 0..<p.planes { body(t) }
        }
    }
}
