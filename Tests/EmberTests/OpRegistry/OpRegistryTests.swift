import Foundation
import Testing
@testable import Ember

/// Walks the op registry: every row, in each of its dtypes and layouts, against the values
/// PyTorch recorded for the same inputs; differentiable rows also through `gradcheck`.
/// Prints the counts at the end; `EMBER_REGISTRY_VERBOSE=1` prints them per row.
@Suite(.serialized) struct OpRegistryTests {
    static let verbose = ProcessInfo.processInfo.environment["EMBER_REGISTRY_VERBOSE"] == "1"

    /// Fixtures/op_registry/registry_spec.json (the table as the generator script reads it) is
    /// the table's; `EMBER_REGISTRY_EXPORT=1` rewrites it (a step of regenerating recordings).
    @Test func specFile() throws {
        let spec = RegistryCases.specJSON(OpRegistry.rows)
        if ProcessInfo.processInfo.environment["EMBER_REGISTRY_EXPORT"] == "1" {
            try spec.write(to: RegistryCases.specURL, atomically: true, encoding: .utf8)
            return
        }
        let committed = try String(contentsOf: RegistryCases.specURL, encoding: .utf8)
        #expect(committed == spec, "registry_spec.json is stale: run with EMBER_REGISTRY_EXPORT=1, then gen_op_registry.py")
    }

    /// The recordings were made from this very table (same rows, shapes, dtypes, layouts).
    @Test func recordingsMatchTheTable() throws {
        let fixture = try #require(RegistryCases.fixture, "no \(RegistryCases.fixtureURL.lastPathComponent): run gen_op_registry.py")
        let spec = RegistryCases.specJSON(OpRegistry.rows)
        #expect(fixture.spec == String(RegistryCases.fnv(spec), radix: 16),
                "the table changed since the recordings were made: export the spec and rerun gen_op_registry.py")
    }

    @Test func walk() throws {
        let fixture = try #require(RegistryCases.fixture)
        var cases = 0, gradchecks = 0, knownCases = 0, skipped = 0
        var names = Set<String>()
        for row in OpRegistry.rows {
            if Self.verbose { print("registry: \(row.key) …") }
            let before = (cases, gradchecks)
            names.formUnion(row.apis.map(\.name))
            skipped += row.skipped.count * row.layouts.count
            for dtype in row.dtypes {
                for layout in row.layouts {
                    let prefix = "\(row.key)/\(dtype)/\(layout.variant)"
                    guard fixture.tensors["\(prefix)/out0"] != nil else {
                        Issue.record("no recording \(prefix): rerun gen_op_registry.py")
                        continue
                    }
                    let stored = (0..<row.inputs.count).map { fixture.tensors["\(prefix)/in\($0)"]! }
                    var outputs: [Tensor] = []
                    while let out = fixture.tensors["\(prefix)/out\(outputs.count)"] { outputs.append(out) }
                    for api in row.apis {
                        // Fresh inputs per call: in-place ops write into them.
                        let inputs = RegistryCases.inputs(stored, layout, row)
                        let args = OpArgs(inputs: inputs, dtype: dtype, generator: Generator(seed: RegistryCases.seed(prefix)))
                        let got = api.call(args)
                        var problems: [String] = []
                        if got.count != outputs.count { problems.append("\(got.count) outputs, PyTorch \(outputs.count)") }
                        for (i, (g, w)) in zip(got, outputs).enumerated() {
                            // Random rows reproduce PyTorch's stream: exactly (scale 0).
                            let scale = row.random ? 0 : row.tolerance
                            if let m = RegistryCases.mismatch(g, w, scale: scale) { problems.append("output \(i): \(m)") }
                        }
                        cases += 1
                        let label = "\(api.name) [\(row.key)] \(dtype) \(layout)"
                        if let reason = row.knownIssue(dtype, layout) {
                            knownCases += 1
                            withKnownIssue("\(label): \(reason)") { for p in problems { Issue.record("\(label): \(p)") } }
                        } else {
                            for p in problems { Issue.record("\(label): \(p)") }
                        }
                    }
                }
            }
            if row.grad { gradchecks += Self.gradchecks(row, fixture.tensors) }
            if Self.verbose {
                print("registry: \(row.key): \(row.apis.count) APIs, \(cases - before.0) cases, \(gradchecks - before.1) gradchecks")
            }
        }
        print("op registry: \(OpRegistry.rows.count) rows, \(names.count) public ops, \(cases) dtype × layout cases"
              + " (\(knownCases) known issues), \(gradchecks) gradchecks; \(skipped) dtype × layout cases skipped (see `skip:`)")
    }

    /// Gradchecks a differentiable row's first API on its float64 recording, contiguous and in
    /// one non-contiguous layout; returns how many ran.
    static func gradchecks(_ row: OpRow, _ tensors: [String: Tensor]) -> Int {
        let prefix = "\(row.key)/float64/base"
        guard let api = row.apis.first, tensors["\(prefix)/out0"] != nil else {
            Issue.record("\(row.key): differentiable but has no float64 recording")
            return 0
        }
        let stored = (0..<row.inputs.count).map { tensors["\(prefix)/in\($0)"]! }
        let strided = row.layouts.contains(.transposed) ? Layout.transposed : Layout.sliced
        var count = 0
        for layout in [Layout.contiguous, strided] where row.layouts.contains(layout) {
            let inputs = zip(RegistryCases.inputs(stored, layout, row), row.inputs).map { t, spec in
                spec.dtype == nil ? t.detach().requiresGrad_(true) : t
            }
            let f: ([Tensor]) -> Tensor = { xs in
                api.call(OpArgs(inputs: xs, dtype: .float64, generator: Generator(seed: RegistryCases.seed(prefix))))[0]
            }
            let label = "gradcheck \(api.name) [\(row.key)] \(layout)"
            do {
                if let reason = row.known["grad/\(layout)"] ?? row.known["grad/*"] {
                    withKnownIssue("\(label): \(reason)") { _ = try gradcheck(f, inputs) }
                } else {
                    try gradcheck(f, inputs)
                }
            } catch {
                Issue.record("\(label): \(error)")
            }
            count += 1
        }
        return count
    }
}
