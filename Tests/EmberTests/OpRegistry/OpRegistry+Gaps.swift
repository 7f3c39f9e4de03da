@testable import Ember

/// Where the walk found Ember differing from PyTorch (rows mark those cases `known:`, so they
/// run inside `withKnownIssue`), or trapping on a dtype PyTorch supports (rows list the dtype
/// under `skip:`, so the table still names it). One place, so the list is easy to read and
/// to shorten as Ember catches up.
enum Gap {
    // Known differences (the case runs; a fix makes `withKnownIssue` fail, prompting removal).
    static let complexAccumulate = "accumulating into complex64 drops the imaginary parts (0.0 where PyTorch has -1.05)"
    static let intArange = "integer arange with a fractional step: Ember steps in floating point then converts "
        + "([-1, 0, 0, 0, 0, 0]); PyTorch casts start and step first ([-1, -1, -1, -1, -1, -1])"
    static let uint8Linspace = "uint8 linspace(-1, 2): Ember converts each point (255, 0, 0, 0, 1, 1, 2); "
        + "PyTorch steps from the wrapped start (255, 212, 170, 128, 86, 44, 2)"
    static let addmmIntScaled = "addmm(beta: 0.5, alpha: 2) on integer tensors returns float32; PyTorch keeps the integer dtype"
    static let vanderInt = "linalg.vander keeps the input's integer dtype; PyTorch returns int64"

    // Dtypes PyTorch supports that Ember traps on (not run: a trap ends the test process).
    static let clampBool = "Ember traps (\"clamp_cpu\" not implemented for 'Bool'); PyTorch clamps bools"
    static let boolAlpha = "Ember traps (\"Boolean alpha only supported for Boolean results\"); PyTorch takes alpha=2 on bools"
    static let foldBool = "Ember traps (\"im2col\" not implemented for 'Bool'); PyTorch's unfold/fold take bool"
    static let foldBF16 = "Ember traps (im2col: unsupported dtype bfloat16); PyTorch's unfold/fold take bfloat16"
    static let foldComplex = "Ember traps (im2col takes floating dtypes only); PyTorch's unfold/fold take complex64"
    static let matrixNormLowPrecision = "Ember traps (\"linalg.matrix_norm: Low precision dtypes not supported\"); "
        + "PyTorch computes these norms in float16 and bfloat16 (it refuses only nuc and ±2)"
    static let normComplex = "Ember traps (\"linalg.vector_norm: Expected a floating point or complex tensor as input. "
        + "Got ComplexFloat\"); PyTorch takes complex norms"
    static let logsumexpComplex = "Ember traps (\"logsumexp of complex tensors is not supported in Ember yet\")"
    static let linalgLowPrecision = "Ember traps (\"Low precision dtypes not supported\"); PyTorch's matrix_exp takes float16/bfloat16"
    static let linalgComplex = "Ember's Linalg takes float32/float64 only; PyTorch also takes complex64"
    static let noComplex32Or128 = "the result would be complex32/complex128, which Ember does not have"

    // Not an Ember gap: PyTorch's own result is unspecified.
    static let unstableTies = "two values: ties, and an unstable sort leaves their order unspecified (sort.stable covers bool)"
}
