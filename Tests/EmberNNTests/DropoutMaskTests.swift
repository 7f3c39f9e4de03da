import Testing
import EmberNN

@Suite struct DropoutMaskTests {
    // torch.manual_seed(0); torch.nn.functional.dropout(torch.ones(2, 8), 0.5, True)
    // tensor([[0., 0., 2., 0., 0., 0., 2., 2.],
    //         [0., 2., 2., 2., 2., 0., 2., 2.]])
    @Test func masksMatchPyTorchFromTheSameSeed() {
        let out = dropout(Tensor.ones(2, 8), p: 0.5, generator: Generator(seed: 0))
        #expect(out.toArray(Double.self) == [0, 0, 2, 0, 0, 0, 2, 2, 0, 2, 2, 2, 2, 0, 2, 2])
    }
}
