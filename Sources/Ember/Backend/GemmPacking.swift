import CEmberKernels

// Packing for the GEMM driver: copies a block of A (or B) from any strides into the layout
// the micro-kernel streams (GemmKernel.swift, ember_gemm.h). Packing from strides is what
// lets `a.T`, `b.T`, slices and stride-0 batch operands multiply without a contiguous copy.

/// A matrix operand: element (i, j) is at `base[i * rowStride + j * colStride]`.
struct GemmMatrix<T>: @unchecked Sendable {
    var base: UnsafePointer<T>
    var rowStride: Int
    var colStride: Int

    @inline(__always)
    func at(_ i: Int, _ j: Int) -> UnsafePointer<T> { base + i * rowStride + j * colStride }
}

/// Packs rows `i0..<i0+mc`, columns `p0..<p0+kc` of A as consecutive panels of `mr` rows:
/// panel r holds, for each step p, its `mr` row values (zero past the last row).
@inline(__always)
func gemmPackA<T: GemmScalar>(_ a: GemmMatrix<T>, rows i0: Int, _ mc: Int, cols p0: Int, _ kc: Int, mr: Int,
                              into dst: UnsafeMutablePointer<T>) {
    var d = dst, i = 0
    let rs = a.rowStride, cs = a.colStride
    while i < mc {
        let rows = Swift.min(mr, mc - i)
        let src = a.at(i0 + i, p0)
        if rs == 1 {
            // Column-major A (a transposed view): each step's rows are adjacent.
            for p in 0..<kc {
                let s = src + p * cs, dp = d + p * mr
                for r in 0..<rows { dp[r] = s[r] }
                for r in rows..<mr { dp[r] = 0 }
            }
        } else if cs == 1 && T.self == Float.self {
            // Row-major A: the panel is the transpose of an mr × kc block, as packing a
            // transposed B is (by 16 × 16 register transposes in C).
            ember_pack_bt_f32(UnsafeRawPointer(src).assumingMemoryBound(to: Float.self), rs, kc, rows, mr,
                              UnsafeMutableRawPointer(d).assumingMemoryBound(to: Float.self))
        } else if rows == mr && cs == 1 {
            // Row-major A: write the panel in order, reading the mr rows side by side
            // (sequential writes; each row is its own sequential read stream).
            for p in 0..<kc {
                let dp = d + p * mr, sp = src + p
                for r in 0..<mr { dp[r] = sp[r * rs] }
            }
        } else {
            for p in 0..<kc {
                let dp = d + p * mr, sp = src + p * cs
                for r in 0..<rows { dp[r] = sp[r * rs] }
                for r in rows..<mr { dp[r] = 0 }
            }
        }
        d += mr * kc
        i += mr
    }
}

/// Packs consecutive panels of B: columns `j0..<j0+cols` into `ceil(cols / nr)` panels.
/// Row-major B is read a row at a time across all the panels (one sequential stream the
/// prefetcher follows), not a panel at a time (rows `ldb` apart, a cache miss each).
@inline(__always)
func gemmPackBPanels<T: GemmScalar>(_ b: GemmMatrix<T>, rows p0: Int, _ kc: Int, cols j0: Int, _ cols: Int, nr: Int,
                                    into d: UnsafeMutablePointer<T>) {
    let full = cols / nr
    if b.colStride == 1 && full > 1 {
        let rs = b.rowStride, src = b.at(p0, j0)
        for p in 0..<kc {
            let sp = src + p * rs, dp = d + p * nr
            for q in 0..<full {
                let s = sp + q * nr, t = dp + q * kc * nr
                for j in 0..<nr { t[j] = s[j] }
            }
        }
        if full * nr < cols {
            gemmPackBPanel(b, rows: p0, kc, cols: j0 + full * nr, cols - full * nr, nr: nr, into: d + full * kc * nr)
        }
        return
    }
    var q = 0
    while q * nr < cols {
        gemmPackBPanel(b, rows: p0, kc, cols: j0 + q * nr, Swift.min(nr, cols - q * nr), nr: nr, into: d + q * kc * nr)
        q += 1
    }
}

/// Packs one panel of B: rows `p0..<p0+kc`, columns `j0..<j0+nr_valid` as `kc` steps of
/// `nr` values (zero past the last column).
@inline(__always)
func gemmPackBPanel<T: GemmScalar>(_ b: GemmMatrix<T>, rows p0: Int, _ kc: Int, cols j0: Int, _ cols: Int, nr: Int,
                                   into d: UnsafeMutablePointer<T>) {
    let rs = b.rowStride, cs = b.colStride
    let src = b.at(p0, j0)
    if cs == 1 && cols == nr {
        // Rows of nr contiguous values: a plain loop (vectorised) beats a memmove call each.
        for p in 0..<kc {
            let dp = d + p * nr, sp = src + p * rs
            for j in 0..<nr { dp[j] = sp[j] }
        }
    } else if cs == 1 {
        for p in 0..<kc {
            let dp = d + p * nr
            dp.update(from: src + p * rs, count: cols)
            (dp + cols).update(repeating: 0, count: nr - cols)
        }
    } else if rs == 1 && T.self == Float.self {
        // A transposed operand (rows contiguous along k): transposed by blocks in C.
        ember_pack_bt_f32(UnsafeRawPointer(src).assumingMemoryBound(to: Float.self), cs, kc, cols, nr,
                          UnsafeMutableRawPointer(d).assumingMemoryBound(to: Float.self))
    } else {
        for c in 0..<cols {
            let s = src + c * cs, dc = d + c
            if rs == 1 {
                for p in 0..<kc { dc[p * nr] = s[p] }
            } else {
                for p in 0..<kc { dc[p * nr] = s[p * rs] }
            }
        }
        if cols < nr {
            for p in 0..<kc { (d + p * nr + cols).update(repeating: 0, count: nr - cols) }
        }
    }
}
