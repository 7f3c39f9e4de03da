import Testing
import EmberNN

@Suite struct InitParityTests {
    // torch.manual_seed(1); l = nn.Linear(784, 400); l2 = nn.Linear(400, 10)
    // l.weight.flatten()[:3]  -> [0.018402257934212685, -0.015763510018587112, -0.0069236247800290585]
    // l.bias[:3]              -> [0.030875330790877342, 0.03274959325790405, 0.01978270150721073]
    // l2.weight.flatten()[-2:] -> [0.005103969480842352, 0.028865361586213112]
    // l2.bias[-2:]            -> [0.010401064530014992, -0.0014864326221868396]
    @Test func linearInitialisationMatchesPyTorchFromTheSameSeed() async {
        // The default generator is process-wide and other suites draw from it in parallel,
        // so this runs in a child process.
        await #expect(processExitsWith: .success) {
            manualSeed(1)
            let l = Linear(784, 400), l2 = Linear(400, 10)
            let w = l.weight.flatten().toArray(Float.self), b = l.bias!.toArray(Float.self)
            let w2 = l2.weight.flatten().toArray(Float.self), b2 = l2.bias!.toArray(Float.self)
            let got = [w[0], w[1], w[2], b[0], b[1], b[2], w2[w2.count - 2], w2[w2.count - 1], b2[8], b2[9]]
            let want: [Float] = [0.018402257934212685, -0.015763510018587112, -0.0069236247800290585,
                                 0.030875330790877342, 0.03274959325790405, 0.01978270150721073,
                                 0.005103969480842352, 0.028865361586213112, 0.010401064530014992, -0.0014864326221868396]
            if got != want { fatalError("init differs: \(got)") }
        }
    }
}
