// The blocked, threaded GEMM (Goto/BLIS loop order) around the C micro-kernels:
//   for each NC block of columns, for each KC block of the inner dim:
//     (B (KC × NC) is packed into NR-wide panels: the first block before, each next one by
//      packing tasks after the current block's multiply tasks, into a second buffer)
//     tasks = M blocks (MC rows) × N chunks:        (parallel)
//       pack the task's A block (MC × KC) into MR-row panels
//       for each group of 8 B panels, for each A panel, for each B panel of the group
//       (streamed, prefetched by the kernel): micro-kernel
// Determinism: the K loop is never split, and the blocks and tasks are a function of the
// problem's shape only, so every element of C sees the same sums in the same order at any
// thread count.

/// Cache blocking, in elements of the operand type.
private enum GemmBlocking {
    /// K per block. float: 512 measured fastest on Sapphire Rapids (1024–4096, 1 and 2
    /// threads; 192–768 tried): fewer passes over C, and the A panel (28 KiB) still fits L1.
    static func kcMax<T>(_: T.Type) -> Int { MemoryLayout<T>.stride == 4 ? 512 : 256 }
    /// Rows per A block, packed by one task (about 690 KiB for float).
    static func mcMax<T>(_: T.Type) -> Int { MemoryLayout<T>.stride == 4 ? 336 : 224 }
    /// Columns per task's chunk of packed B. Each task packs its own A block, so wide
    /// chunks (split only when rows run out) pack A once per KC step instead of n/chunk times.
    static let chunkMax = 4096
    /// B panels an A panel sweeps before the next A panel: with the A block, they stay in L2
    /// (512 KiB for float), so B comes from L3 once per task rather than once per A panel.
    static let bGroupPanels = 8
    /// Columns of B packed at once (the packed block lives in L3).
    static let ncMax = 4096
    /// Below this many multiply-adds a product runs on the calling thread.
    static let parallelMinMacs = 1 << 20
    /// Tasks wanted per (NC, KC) block when the product is parallel, so two or more threads
    /// finish close together.
    static let minTasks = 8
}

/// Products so thin (a vector) that packing to full tiles would waste most of the work.
@inline(__always)
private func gemmIsSkinny(m: Int, n: Int, k: Int) -> Bool { m == 1 || n == 1 || m * n * k <= 512 }

/// `C[m × n] = A·B` (or `C += A·B` with `accumulate`), C with unit column stride and row
/// stride `ldc`. `parallel: false` keeps the whole product on the calling thread.
func gemm<T: GemmScalar>(m: Int, n: Int, k: Int, _ a: GemmMatrix<T>, _ b: GemmMatrix<T>,
                         _ c: UnsafeMutablePointer<T>, ldc: Int, accumulate: Bool = false, parallel: Bool = true) {
    if m == 0 || n == 0 { return }
    if k == 0 {
        if !accumulate { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
        return
    }
    if gemmIsSkinny(m: m, n: n, k: k) {
        gemmSkinny(m: m, n: n, k: k, a, b, c, ldc: ldc, accumulate: accumulate)
        return
    }
    let threaded = parallel && m * n * k >= GemmBlocking.parallelMinMacs
    let (mr, nr) = T.gemmTile
    let kBlocks = (k + GemmBlocking.kcMax(T.self) - 1) / GemmBlocking.kcMax(T.self)
    let kcStep = (k + kBlocks - 1) / kBlocks
    // A threaded product with several K blocks packs the next block of B into a second buffer
    // as extra tasks of the current block's multiply (they run last, filling the gap while
    // the other thread finishes), so only the first block waits for a packing pass.
    let pipelined = threaded && kBlocks > 1
    let bBytes = kcStep * roundUp(Swift.min(n, GemmBlocking.ncMax), nr) * MemoryLayout<T>.stride
    let packed0 = GemmBufferPool.shared.take(bytes: bBytes)
    let packed1 = pipelined ? GemmBufferPool.shared.take(bytes: bBytes) : packed0
    defer {
        GemmBufferPool.shared.give(packed0)
        if pipelined { GemmBufferPool.shared.give(packed1) }
    }
    let bBufs = (packed0.address.bindMemory(to: T.self, capacity: bBytes / MemoryLayout<T>.stride),
                 packed1.address.bindMemory(to: T.self, capacity: bBytes / MemoryLayout<T>.stride))
    /// Tasks 0..<count, over the pool when the product is threaded, else in order here.
    func run(_ count: Int, _ body: (Int) -> Void) {
        if threaded { ThreadPool.shared.parallelFor(count, body) } else { for t in 0..<count { body(t) } }
    }

    var jc = 0
    while jc < n {
        let nc = Swift.min(GemmBlocking.ncMax, n - jc), j00 = jc
        let plan = GemmTaskPlan(m: m, n: nc, mr: mr, nr: nr, mcMax: GemmBlocking.mcMax(T.self), threaded: threaded)
        // B is packed in groups of 8 panels (a task each).
        let panels = (nc + nr - 1) / nr, groups = (panels + 7) / 8
        func packGroup(_ g: Int, rows p0: Int, _ kc: Int, into bBuf: UnsafeMutablePointer<T>) {
            let start = g * 8, end = Swift.min(panels, g * 8 + 8)
            gemmPackBPanels(b, rows: p0, kc, cols: j00 + start * nr, Swift.min(nc, end * nr) - start * nr,
                            nr: nr, into: bBuf + start * kc * nr)
        }
        var pc = 0, block = 0
        let kc0 = Swift.min(kcStep, k)
        run(groups) { packGroup($0, rows: 0, kc0, into: bBufs.0) }
        while pc < k {
            let kc = Swift.min(kcStep, k - pc), p0 = pc, next = pc + kc
            let first = pc == 0 && !accumulate
            let (bBuf, nextBuf) = block % 2 == 0 ? bBufs : (bBufs.1, bBufs.0)
            let nextKc = Swift.min(kcStep, k - next)

            func task(_ t: Int) {
                if t >= plan.tasks {
                    packGroup(t - plan.tasks, rows: next, nextKc, into: nextBuf)
                    return
                }
                let (i0, mc) = plan.rows(t % plan.mBlocks), (j0, chunk) = plan.columns(t / plan.mBlocks)
                GemmBufferPool.shared.with(T.self, count: plan.mcMax * kc) { aBuf in
                    gemmPackA(a, rows: i0, mc, cols: p0, kc, mr: mr, into: aBuf)
                    // Per group of B panels (kept in L2), each A panel (kept in L1) against
                    // the group's panels in turn: B streams through in order (prefetched by
                    // the kernel) and C is written along rows.
                    var jg = 0
                    while jg < chunk {
                        let groupEnd = Swift.min(chunk, jg + GemmBlocking.bGroupPanels * nr)
                        var i = 0
                        while i < mc {
                            let aPanel = UnsafePointer(aBuf + i * kc), rows = Swift.min(mr, mc - i)
                            let cRow = c + (i0 + i) * ldc + j00 + j0
                            var j = jg
                            while j < groupEnd {
                                T.gemmMicroKernel(kc, aPanel, UnsafePointer(bBuf + ((j0 + j) / nr) * kc * nr), cRow + j,
                                                  ldc, rows, Swift.min(nr, chunk - j), !first)
                                j += nr
                            }
                            i += mr
                        }
                        jg = groupEnd
                    }
                }
            }
            // Packing tasks come last: threaded, into the other buffer; on one thread, into
            // the same one, after every multiply task that reads it.
            run(plan.tasks + (next < k ? groups : 0), task)
            pc = next
            block += 1
        }
        jc += nc
    }
}

/// How one (NC, KC) block is cut into tasks: `mBlocks` row blocks times `chunks` column
/// chunks, whole micro-tiles shared out evenly (blocks differ by at most one tile). A
/// function of the shape only.
private struct GemmTaskPlan {
    var m: Int, n: Int, mr: Int, nr: Int
    var mTiles: Int, mBlocks: Int, nPanels: Int, chunks: Int
    var tasks: Int { mBlocks * chunks }
    /// Rows in the largest block (the packed A buffer's height).
    var mcMax: Int { (mTiles + mBlocks - 1) / mBlocks * mr }

    init(m: Int, n: Int, mr: Int, nr: Int, mcMax: Int, threaded: Bool) {
        self.m = m; self.n = n; self.mr = mr; self.nr = nr
        mTiles = (m + mr - 1) / mr
        nPanels = (n + nr - 1) / nr
        let tilesPerBlock = Swift.max(1, mcMax / mr), panelsPerChunk = GemmBlocking.chunkMax / nr
        var mb = (mTiles + tilesPerBlock - 1) / tilesPerBlock
        var nb = (nPanels + panelsPerChunk - 1) / panelsPerChunk
        if threaded {
            // A multiple of minTasks equal tasks, so 1, 2, 4 or 8 threads finish together
            // (tasks are handed out one at a time). Cut rows first (columns cost a repacked
            // A block per chunk), keeping blocks no thinner than 8 tiles.
            while mb * nb < GemmBlocking.minTasks || (mb * nb) % GemmBlocking.minTasks != 0 {
                if mTiles / (mb + 1) >= 8 { mb += 1 }
                else if nPanels / (nb + 1) >= 8 { nb += 1 }
                else { break }
            }
        }
        mBlocks = Swift.min(mb, mTiles)
        chunks = Swift.min(nb, nPanels)
    }

    /// First row and row count of row block `i`.
    func rows(_ i: Int) -> (Int, Int) { Self.part(i, of: mBlocks, units: mTiles, size: mr, total: m) }

    /// First column and column count of chunk `j` (whole panels).
    func columns(_ j: Int) -> (Int, Int) { Self.part(j, of: chunks, units: nPanels, size: nr, total: n) }

    /// Part `i` of `parts` when `units` whole units of `size` (the last one cut at `total`)
    /// are shared out evenly: its first element and its element count.
    private static func part(_ i: Int, of parts: Int, units: Int, size: Int, total: Int) -> (Int, Int) {
        let start = i * units / parts * size, end = Swift.min(total, (i + 1) * units / parts * size)
        return (start, end - start)
    }
}

@inline(__always)
private func roundUp(_ x: Int, _ to: Int) -> Int { (x + to - 1) / to * to }

/// Matrix-vector shapes: plain loops, each element summed in k order.
private func gemmSkinny<T: GemmScalar>(m: Int, n: Int, k: Int, _ a: GemmMatrix<T>, _ b: GemmMatrix<T>,
                                       _ c: UnsafeMutablePointer<T>, ldc: Int, accumulate: Bool) {
    for i in 0..<m {
        let row = c + i * ldc
        if !accumulate { row.update(repeating: 0, count: n) }
        for p in 0..<k {
            let aip = a.at(i, p).pointee
            let brow = b.at(p, 0), cs = b.colStride
            if cs == 1 {
                for j in 0..<n { row[j] += aip * brow[j] }
            } else {
                for j in 0..<n { row[j] += aip * brow[j * cs] }
            }
        }
    }
}

/// A batch of products `C[i] (+)= A[i]·B[i]` (batch strides may be 0). Many small products
/// run one per task; large ones run one after another, each threaded inside.
func gemmBatched<T: GemmScalar>(batch: Int, m: Int, n: Int, k: Int,
                                _ a: GemmMatrix<T>, aBatchStride: Int, _ b: GemmMatrix<T>, bBatchStride: Int,
                                _ c: UnsafeMutablePointer<T>, ldc: Int, cBatchStride: Int, accumulate: Bool = false) {
    func item(_ i: Int, parallel: Bool) {
        var ai = a, bi = b
        ai.base += i * aBatchStride
        bi.base += i * bBatchStride
        gemm(m: m, n: n, k: k, ai, bi, c + i * cBatchStride, ldc: ldc, accumulate: accumulate, parallel: parallel)
    }
    // Items one per task when each is small, or when there are many mid-sized ones (a
    // convolution's per-image products): whole items balance across threads better than
    // the few tasks a mid-sized product splits into, and need no synchronisation inside.
    let macs = m * n * k
    let perItem = batch > 1 && batch * macs >= GemmBlocking.parallelMinMacs
        && (macs < 8 * GemmBlocking.parallelMinMacs || (batch >= 8 && macs < 64 * GemmBlocking.parallelMinMacs))
    if perItem {
        ThreadPool.shared.parallelFor(batch) { i in item(i, parallel: false) }
    } else {
        for i in 0..<batch { item(i, parallel: true) }
    }
}
