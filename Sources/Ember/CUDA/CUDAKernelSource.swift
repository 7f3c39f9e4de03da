/// CUDA C source for Ember's elementwise kernels, generated per op, dtype and layout and
/// compiled at run time by NVRTC (so no nvcc at build time). Generation is plain text and
/// tested on machines without a GPU; compiling and launching it is the GPU backend's job.
enum CUDAKernelSource {
    /// The elementwise ops with CUDA kernels so far.
    enum Op: String, Sendable, CaseIterable {
        case add, sub, mul, div
        case neg, exp, log, relu, sigmoid, tanh

        init?(_ op: BinaryOp) {
            switch op {
            case .add: self = .add
            case .sub: self = .sub
            case .mul: self = .mul
            case .div: self = .div
            default: return nil
            }
        }

        init?(_ op: UnaryOp) {
            switch op {
            case .neg: self = .neg
            case .exp: self = .exp
            case .log: self = .log
            case .relu: self = .relu
            case .sigmoid: self = .sigmoid
            case .tanh: self = .tanh
            default: return nil
            }
        }

        var isBinary: Bool { [.add, .sub, .mul, .div].contains(self) }

        /// The C expression over operands `x` (and `y`) in type `t`.
        func expression(_ x: String, _ y: String, _ t: CType) -> String {
            // Single-precision math functions carry an `f` suffix; without it a float kernel
            // would compute in double (slow on consumer GPUs).
            let f = t == .float ? "f" : ""
            let one = t == .float ? "1.0f" : "1.0"
            switch self {
            case .add: return "\(x) + \(y)"
            case .sub: return "\(x) - \(y)"
            case .mul: return "\(x) * \(y)"
            case .div: return "\(x) / \(y)"
            case .neg: return "-\(x)"
            case .exp: return "exp\(f)(\(x))"
            case .log: return "log\(f)(\(x))"
            // `x <= 0 ? 0 : x` keeps NaN, as torch.relu does.
            case .relu: return "(\(x) <= (\(t.rawValue))0 ? (\(t.rawValue))0 : \(x))"
            case .sigmoid: return "\(one) / (\(one) + exp\(f)(-\(x)))"
            case .tanh: return "tanh\(f)(\(x))"
            }
        }
    }

    enum CType: String, Sendable {
        case float, double

        init?(_ dtype: DType) {
            switch dtype {
            case .float32: self = .float
            case .float64: self = .double
            default: return nil
            }
        }
    }

    /// Contiguous kernels index all operands with the same linear `i`; strided ones map it
    /// through each operand's sizes and strides (broadcast operands have stride 0).
    enum Layout: String, Sendable, CaseIterable {
        case contiguous, strided
    }

    /// A kernel to compile: its `extern "C"` entry point and the whole translation unit.
    struct Kernel: Sendable, Hashable {
        let name: String
        let source: String
    }

    /// The identity of a generated kernel, used to find it in the in-process module cache.
    struct Key: Hashable, Sendable {
        let op: Op
        let dtype: DType
        let layout: Layout

        /// `ember_add_float32_contiguous`: also the kernel's entry point.
        var name: String { "ember_\(op.rawValue)_\(dtype)_\(layout.rawValue)" }
    }

    /// The largest rank a strided kernel handles; higher ranks are collapsed or run on the CPU.
    static let maxDims = 8

    /// Sizes and strides passed by value to strided kernels; mirrors the C `TensorInfo` below.
    struct TensorInfo: Equatable, Sendable {
        var sizes: [Int64]
        var strides: [Int64]

        init?(sizes: [Int], strides: [Int]) {
            guard sizes.count == strides.count, sizes.count <= CUDAKernelSource.maxDims else { return nil }
            self.sizes = sizes.map(Int64.init)
            self.strides = strides.map(Int64.init)
        }

        /// The bytes of the C struct: sizes[8], strides[8] (int64), then dims (int32, padded
        /// to 8), as NVRTC lays it out on every 64-bit target.
        var packed: [Int64] {
            let pad = [Int64](repeating: 0, count: CUDAKernelSource.maxDims - sizes.count)
            return sizes + pad + strides + pad + [Int64(sizes.count)]
        }
    }

    static let tensorInfoDeclaration = """
        #define EMBER_MAX_DIMS \(maxDims)
        struct TensorInfo {
            long long sizes[EMBER_MAX_DIMS];
            long long strides[EMBER_MAX_DIMS];
            int dims;
        };

        // The element offset of the `linear`-th element (row-major order) of a strided operand.
        __device__ __forceinline__ long long ember_offset(const TensorInfo& t, long long linear) {
            long long offset = 0;
            for (int d = t.dims - 1; d >= 0; --d) {
                long long size = t.sizes[d];
                offset += (linear % size) * t.strides[d];
                linear /= size;
            }
            return offset;
        }

        """

    /// The source of `op` on `dtype` in `layout`, or nil for a dtype without CUDA kernels yet.
    static func elementwise(_ op: Op, dtype: DType, layout: Layout = .contiguous) -> Kernel? {
        guard let t = CType(dtype) else { return nil }
        let name = Key(op: op, dtype: dtype, layout: layout).name
        let binary = op.isBinary
        let T = t.rawValue
        var params: [String] = []
        let a, b, out: String
        switch layout {
        case .contiguous:
            params.append("const \(T)* __restrict__ a")
            if binary { params.append("const \(T)* __restrict__ b") }
            params.append("\(T)* __restrict__ out")
            (a, b, out) = ("a[i]", "b[i]", "out[i]")
        case .strided:
            params += ["const \(T)* __restrict__ a", "TensorInfo a_info"]
            if binary { params += ["const \(T)* __restrict__ b", "TensorInfo b_info"] }
            params += ["\(T)* __restrict__ out", "TensorInfo out_info"]
            (a, b, out) = ("a[ember_offset(a_info, i)]", "b[ember_offset(b_info, i)]", "out[ember_offset(out_info, i)]")
        }
        params.append("long long n")

        // Unary ops that use their operand twice (relu) read it once into a register.
        let body = binary
            ? "\(out) = \(op.expression(a, b, t));"
            : "const \(T) x = \(a);\n        \(out) = \(op.expression("x", "", t));"
        let kernel = """
            extern "C" __global__ void \(name)(\(params.joined(separator: ", "))) {
                // Grid-stride loop: any launch size covers all n elements.
                for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n;
                     i += (long long)blockDim.x * gridDim.x) {
                    \(body)
                }
            }

            """
        let source = "// Generated by Ember (CUDAKernelSource); compiled with NVRTC.\n"
            + (layout == .strided ? tensorInfoDeclaration : "") + kernel
        return Kernel(name: name, source: source)
    }

    /// The key of a compiled kernel in an on-disk cache: entry point, GPU architecture and a
    /// hash of the source, so a change in the generator or a different GPU never reuses a
    /// stale binary.
    static func cacheKey(_ kernel: Kernel, computeCapability: (major: Int, minor: Int)) -> String {
        let hash = String(fnv1a(kernel.source), radix: 16)
        return "\(kernel.name)-sm_\(computeCapability.major)\(computeCapability.minor)-\(hash)"
    }

    /// 64-bit FNV-1a: stable across runs and platforms, unlike `Hasher`.
    static func fnv1a(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h &*= 0x0000_0100_0000_01b3
        }
        return h
    }
}
