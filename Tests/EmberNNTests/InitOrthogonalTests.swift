import Testing
@testable import Ember
import EmberNN

/// `Init.orthogonal_` reproduces PyTorch's values from the same seed: the normal fill, the
/// QR with LAPACK's signs and the sign correction all follow PyTorch's steps.
@Suite struct InitOrthogonalTests {
    func expectClose(_ t: Tensor, _ expected: [Double], shape: [Int], atol: Double,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(t.shape == shape, sourceLocation: sourceLocation)
        let got = t.toArray(Double.self)
        #expect(got.count == expected.count, sourceLocation: sourceLocation)
        for (a, e) in zip(got, expected) {
            #expect(Swift.abs(a - e) <= atol, "\(a) != \(e)", sourceLocation: sourceLocation)
        }
    }

    @Test func wideMatrixMatchesPyTorch() {
        // g = torch.Generator().manual_seed(0); w = torch.empty(3, 5); torch.nn.init.orthogonal_(w, generator=g)
        let w = Init.orthogonal_(Tensor.empty([3, 5]), generator: Generator(seed: 0))
        expectClose(w, [0.522230625, -0.0994405895, -0.738373399, 0.192636564, -0.367535532, -0.536479354, 0.210562542, -0.142894149,
                        -0.358768672, -0.720222056, -0.440916508, 0.0662605762, -0.0456551947, 0.889752865, -0.0863580108],
                    shape: [3, 5], atol: 2e-6)
        // Rows are orthonormal.
        let gram = matmul(w, w.t()).toArray(Double.self)
        for i in 0..<3 { for j in 0..<3 { #expect(Swift.abs(gram[i * 3 + j] - (i == j ? 1 : 0)) < 1e-5) } }
    }

    @Test func tallMatrixWithGainMatchesPyTorch() {
        // g = torch.Generator().manual_seed(1); w = torch.empty(5, 3); torch.nn.init.orthogonal_(w, gain=2, generator=g)
        let w = Init.orthogonal_(Tensor.empty([5, 3]), gain: 2, generator: Generator(seed: 1))
        expectClose(w, [0.707268, 0.362621099, -0.386157364, 0.664453685, -0.617816448, -1.65323436, -1.62849021, 0.524045825,
                        -0.814557016, -0.602144003, -1.21587813, -0.286706984, -0.209083274, -1.31674778, 0.609913588],
                    shape: [5, 3], atol: 4e-6)
    }

    @Test func flattenedFloat64MatchesPyTorch() {
        // g = torch.Generator().manual_seed(2); w = torch.empty(4, 2, 3, dtype=torch.float64)
        // torch.nn.init.orthogonal_(w, generator=g)
        let w = Init.orthogonal_(Tensor.empty([4, 2, 3], dtype: .float64), generator: Generator(seed: 2))
        #expect(w.dtype == .float64)
        expectClose(w, [-0.328281059, -0.183298651, 0.570647436, -0.212761957, -0.674305369, 0.181767091, -0.103573341, -0.476125037,
                        -0.736858745, -0.248181848, -0.388331959, -0.0849750622, -0.385144036, 0.578822425, -0.351480051, 0.376568681,
                        -0.272726254, 0.420602978, -0.74258163, 0.0064568344, -0.0131486112, -0.448565312, 0.496571881, 0.0237376236],
                    shape: [4, 2, 3], atol: 1e-8)
    }

    @Test func defaultGeneratorMatchesPyTorch() async {
        // torch.manual_seed(3); w = torch.empty(6, 4); torch.nn.init.orthogonal_(w)
        // The default generator is process-wide and other suites draw from it, so this runs
        // in a child process.
        await #expect(processExitsWith: .success) {
            manualSeed(3)
            let w = Init.orthogonal_(Tensor.empty([6, 4])).toArray(Double.self)
            let want = [-0.0728970766, 0.383064449, -0.537976623, -0.714633465, 0.632334888, -0.283844113, 0.382060736, -0.561674893,
                        0.384825617, 0.669643164, 0.170152828, 0.264788538, -0.327985555, 0.516953528, 0.579339445, -0.225452438,
                        0.461396426, 0.237207964, -0.4309147, 0.216877356, 0.355368078, 0.027631633, 0.11973764, 0.0764357001]
            for (a, e) in zip(w, want) where Swift.abs(a - e) > 2e-6 { fatalError("orthogonal_ differs: \(w)") }
        }
    }

    @Test func rejectsVectors() async {
        // torch.nn.init.orthogonal_(torch.empty(5)) -> ValueError
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            Init.orthogonal_(Tensor.empty([5]))
        }
        #expect(linalgExitMessage(result).contains("Only tensors with 2 or more dimensions are supported"))
    }
}

/// The standard error of an exit test, as text.
private func linalgExitMessage(_ result: ExitTest.Result?) -> String {
    String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
}
