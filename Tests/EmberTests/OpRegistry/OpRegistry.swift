import Foundation
@testable import Ember

// The op registry (issue 4): one row per public op of `Ember`, saying how to make valid
// inputs for it, in which dtypes and layouts it runs, whether it is differentiable, and how
// to call it. `OpRegistryTests` walks the rows against values recorded from PyTorch by
// Fixtures/op_registry/gen_op_registry.py; `OpCompletenessTests` fails when a public op has
// no row. The table itself is split by op family (Registry+*.swift).
//
// Regenerating the recordings after changing the table (or when `DType` gains a case):
//   EMBER_REGISTRY_EXPORT=1 swift test --filter OpRegistryTests/specFile
//   /tmp/torch/bin/python Tests/EmberTests/Fixtures/op_registry/gen_op_registry.py
// `gen_op_registry.py --probe float16,bfloat16,…` lists rows missing a dtype PyTorch supports;
// `EMBER_REGISTRY_VERBOSE=1` makes the walk print per-row counts.

/// The layouts a case runs in. The first three share one recording (they hold the same
/// logical values); expanded, 0-d and empty inputs are recorded cases of their own.
enum Layout: String, CaseIterable, Sendable {
    /// Row-major storage.
    case contiguous
    /// Storage is the transpose (every dim reversed), so the view is not contiguous.
    case transposed
    /// Every other element of a buffer twice as long in the last dim (`x[..., ::2]`).
    case sliced
    /// A smaller recorded base broadcast with `expand` (stride 0).
    case expanded
    /// 0-d inputs.
    case scalar
    /// Inputs with a zero-size dim.
    case empty

    /// The recorded case this layout reads.
    var variant: String {
        switch self {
        case .contiguous, .transposed, .sliced: "base"
        case .expanded: "expand"
        case .scalar: "scalar"
        case .empty: "empty"
        }
    }
}

/// How the generator script draws an input's values (see `draw` in gen_op_registry.py).
enum Domain: String, Sendable {
    /// Any value (normal * 2 for floats, -8...8 for signed ints, 0...15 for uint8).
    case real
    /// > 0 (log, sqrt, divisors that must not be 0 in integer division).
    case positive
    /// In (-0.95, 0.95): tan away from its poles.
    case unit
    /// Bounded away from 0 with either sign (divisors).
    case nonzero
    /// In (0.05, 0.95): probabilities.
    case probs
    /// Small exponents for pow (0.5...2 for floats, 0...3 for ints).
    case exponent
    /// A few small integers (-2...2; 0...2 for uint8) in any dtype: ties for comparisons.
    case coarse
    /// Distinct values (a shuffled range around 0): sorting without ties.
    case distinct
    /// Floats with NaN, inf and -inf among ordinary values (isnan, isfinite).
    case special
    /// int64 positions in lo..<hi.
    case index
    /// Bool mask, about half true.
    case mask
    /// int64 positions in lo..<hi, distinct along `dim` (scatter without write races).
    case perm
}

/// One input of a row: its shape in the base case and how its values are drawn.
struct InputSpec: Sendable {
    var shape: [Int]
    var domain: Domain = .real
    var lo = 0, hi = 0, dim = 0
    /// A fixed dtype (index tensors, masks); nil means the case's dtype.
    var dtype: DType? = nil
}

extension InputSpec {
    static func x(_ shape: [Int], _ domain: Domain = .real) -> InputSpec { InputSpec(shape: shape, domain: domain) }
    static func idx(_ shape: [Int], _ lo: Int, _ hi: Int) -> InputSpec {
        InputSpec(shape: shape, domain: .index, lo: lo, hi: hi, dtype: .int64)
    }
    static func perm(_ shape: [Int], dim: Int, hi: Int) -> InputSpec {
        InputSpec(shape: shape, domain: .perm, lo: 0, hi: hi, dim: dim, dtype: .int64)
    }
    static func mask(_ shape: [Int]) -> InputSpec { InputSpec(shape: shape, domain: .mask, dtype: .bool) }
    /// An input with a fixed dtype (e.g. probabilities always float32).
    static func fixed(_ shape: [Int], _ domain: Domain, _ dtype: DType) -> InputSpec {
        InputSpec(shape: shape, domain: domain, dtype: dtype)
    }
}

/// What a row's closure gets: the inputs in the case's layout, the case's dtype (for
/// factories) and a generator seeded as the recording's `torch.Generator`.
struct OpArgs {
    let inputs: [Tensor]
    let dtype: DType
    let generator: Generator
    subscript(_ i: Int) -> Tensor { inputs[i] }
}

typealias OpCall = (OpArgs) -> [Tensor]

/// One row of the registry.
struct OpRow {
    /// Unique key; names the row's recordings.
    let key: String
    /// The public names this row calls (`Tensor.exp`, `exp`, `+`, `Linalg.inv`), each with a
    /// closure; every closure is checked against the same recording.
    let apis: [(name: String, call: OpCall)]
    let inputs: [InputSpec]
    let dtypes: [DType]
    let layouts: [Layout]
    /// Gradchecked in float64 (first output, contiguous and one non-contiguous layout).
    let grad: Bool
    /// Input shapes per recorded case: "base", "expand" (the base that is expanded),
    /// "expand_to", "scalar", "empty".
    let variants: [String: [[Int]]]
    /// Multiplies the dtype's tolerance (long accumulations, float16 transcendental ops).
    let tolerance: Double
    /// Known Ember bugs: "dtype/layout" ("*" matches any) -> what differs. The case still
    /// runs, inside `withKnownIssue`.
    let known: [String: String]
    /// Random factories: the closure gets a seeded generator; compared exactly.
    let random: Bool
    /// Dtypes PyTorch supports for the op that are not run, with why (Ember traps on them,
    /// or PyTorch's own result is unspecified); the walker counts them.
    let skipped: [String: String]

    func knownIssue(_ dtype: DType, _ layout: Layout) -> String? {
        known["\(dtype)/\(layout)"] ?? known["*/\(layout)"] ?? known["\(dtype)/*"] ?? known["*/*"]
    }
}

/// Dtype lists as data: named dtypes that exist in `DType` today, so rows pick up int8,
/// int16 and bfloat16 as soon as `DType` has them (then regenerate the recordings).
enum DTypes {
    static func existing(_ names: [String]) -> [DType] {
        names.compactMap { name in DType.allCases.first { $0.description == name } }
    }
    static let floats = existing(["float32", "float64", "float16", "bfloat16"])
    static let ints = existing(["int64", "int32", "int16", "int8", "uint8"])
    static let signedInts = existing(["int64", "int32", "int16", "int8"])
    static let numeric = floats + ints
    static let all = numeric + existing(["bool"])
    static let f64 = existing(["float64"])
    static let f32f64 = existing(["float32", "float64"])
    static let complex = existing(["complex64"])
}

/// Known-issue entries for one dtype in some layouts (`OpRow.known`).
func knownIn(_ dtype: String, _ layouts: [Layout], _ reason: String) -> [String: String] {
    Dictionary(uniqueKeysWithValues: layouts.map { ("\(dtype)/\($0)", reason) })
}

/// Collects rows; the family files add to it with `add`/`addMulti`.
struct RegistryTable {
    var rows: [OpRow] = []
    /// `skip` entries every row added meanwhile gets (a family that lacks a dtype).
    var defaultSkip: [String: String] = [:]

    /// A row whose closures return one tensor.
    mutating func add(_ key: String, _ inputs: [InputSpec], _ dtypes: [DType], grad: Bool = false,
                      layouts: [Layout] = Layout.allCases, expand: [[Int]]? = nil, scalar: [[Int]]? = nil, empty: [[Int]]? = nil,
                      tol: Double = 1, known: [String: String] = [:], random: Bool = false,
                      skip: [String: String] = [:], _ apis: KeyValuePairs<String, (OpArgs) -> Tensor>) {
        addMulti(key, inputs, dtypes, grad: grad, layouts: layouts, expand: expand, scalar: scalar, empty: empty,
                 tol: tol, known: known, random: random, skip: skip,
                 apis.map { name, call in (name, { [call($0)] }) })
    }

    /// A row whose closures return several tensors (values and indices, split pieces).
    mutating func addMulti(_ key: String, _ inputs: [InputSpec], _ dtypes: [DType], grad: Bool = false,
                           layouts: [Layout] = Layout.allCases, expand: [[Int]]? = nil, scalar: [[Int]]? = nil, empty: [[Int]]? = nil,
                           tol: Double = 1, known: [String: String] = [:], random: Bool = false,
                           skip: [String: String] = [:], _ apis: [(String, OpCall)]) {
        precondition(!rows.contains { $0.key == key }, "duplicate registry key \(key)")
        let skip = defaultSkip.merging(skip) { _, own in own }
        let base = inputs.map(\.shape)
        var variants: [String: [[Int]]] = ["base": base]
        var kept: [Layout] = []
        for layout in layouts {
            switch layout {
            case .contiguous: kept.append(layout)
            case .transposed: if base.contains(where: { $0.count >= 2 }) { kept.append(layout) }
            case .sliced: if base.contains(where: { $0.count >= 1 && $0.last! > 0 }) { kept.append(layout) }
            case .expanded:
                // Default: data inputs broadcast from size 1 along their first dim.
                let from = expand ?? zip(inputs, base).map { spec, s in
                    spec.dtype == nil && s.count >= 1 && s[0] > 1 ? [1] + s.dropFirst() : s
                }
                if from != base { variants["expand"] = from; variants["expand_to"] = base; kept.append(layout) }
            case .scalar:
                variants["scalar"] = scalar ?? zip(inputs, base).map { spec, s in spec.dtype == nil ? [] : s }
                kept.append(layout)
            case .empty:
                variants["empty"] = empty ?? base.map { s in s.isEmpty ? s : [0] + s.dropFirst() }
                kept.append(layout)
            }
        }
        rows.append(OpRow(key: key, apis: apis.map { (name: $0.0, call: $0.1) }, inputs: inputs,
                          dtypes: dtypes.filter { skip["\($0)"] == nil }, layouts: kept, grad: grad, variants: variants,
                          tolerance: tol, known: known, random: random,
                          skipped: skip.filter { name, _ in DType.allCases.contains { "\($0)" == name } }))
    }
}

/// Layout sets used by many rows.
extension Layout {
    /// Contiguous, transposed and sliced: one recording, no shape changes.
    static let strided: [Layout] = [.contiguous, .transposed, .sliced]
    /// Everything but 0-d inputs.
    static let noScalar: [Layout] = [.contiguous, .transposed, .sliced, .expanded, .empty]
    /// Everything but broadcast inputs (in-place ops cannot write through stride 0).
    static let noExpand: [Layout] = [.contiguous, .transposed, .sliced, .scalar, .empty]
}

enum OpRegistry {
    /// Every row, family by family (built once; the closures are not Sendable, the walk is serial).
    nonisolated(unsafe) static let rows: [OpRow] = {
        var t = RegistryTable()
        addElementwise(to: &t)
        addBinary(to: &t)
        addComparison(to: &t)
        addReductions(to: &t)
        addShape(to: &t)
        addIndexing(to: &t)
        addLinalg(to: &t)
        addCreation(to: &t)
        addRandom(to: &t)
        addConversion(to: &t)
        addInPlace(to: &t)
        addNewOps(to: &t)
        addLinalgDecompositions(to: &t)
        addLinalgSolvers(to: &t)
        addComplex(to: &t)
        return t.rows
    }()
}
