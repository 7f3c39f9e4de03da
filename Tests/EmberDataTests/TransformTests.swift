import Testing
@testable import EmberData

/// Values recorded from PyTorch 2.15 by record_transforms.py (beside this file).
@Suite struct TransformTests {
    let image = Tensor([[[0, 255, 128], [7, 64, 200]], [[1, 2, 3], [250, 251, 252]]], dtype: .uint8)  // HWC

    @Test func toTensorMatchesTorchvision() {
        let x = ToTensor()(image)
        #expect(x.shape == [3, 2, 2] && x.dtype == .float32)
        #expect(x.toArray(Float.self) == [0.0, 0.027450980618596077, 0.003921568859368563, 0.9803921580314636, 1.0,
                                          0.250980406999588, 0.007843137718737125, 0.9843137264251709, 0.501960813999176,
                                          0.7843137383460999, 0.0117647061124444, 0.9882352948188782])
        #expect(ToTensor()(Tensor([[1, 2]], dtype: .uint8)).shape == [1, 1, 2])
    }

    @Test func normalizeMatchesTorchvision() {
        let t = Compose([ToTensor(), Normalize(mean: [0.5, 0.25, 0.1], std: [0.2, 0.3, 0.7])])
        #expect(t(image).toArray(Float.self) == [-2.5, -2.3627450466156006, -2.4803922176361084, 2.401960849761963, 2.5,
                                                 0.0032680232543498278, -0.8071895241737366, 2.4477124214172363,
                                                 0.5742297768592834, 0.9775910377502441, -0.1260504275560379, 1.2689075469970703])
        // The batched form equals the stacked per-sample results.
        let batch = stack([image, image.flip(0)])
        #expect(t.applyBatch(batch)!.equal(stack([t(image), t(image.flip(0))])))
        #expect(Compose([t, Lambda { $0 * 2 }]).applyBatch(batch) == nil)
        #expect(Lambda { $0 + 1 }(Tensor([1.0])).item() == 2)
    }

    @Test func randomCropMatchesTorchvision() {
        // Generator(seed: 0) draws what torch.manual_seed(0) makes the default generator draw.
        let crop = RandomCrop(2, padding: 1, generator: Generator(seed: 0))
        let a = Tensor.arange(1, 10, dtype: .float32).view(1, 3, 3)
        #expect(crop(a).toArray(Float.self) == [0, 0, 3, 0])
        #expect(crop(a).toArray(Float.self) == [0, 1, 0, 4])
        #expect(crop(a).toArray(Float.self) == [9, 0, 0, 0])
        #expect(crop(a).shape == [1, 2, 2])
    }

    @Test func randomHorizontalFlipMatchesTorchvision() {
        let flip = RandomHorizontalFlip(generator: Generator(seed: 3))
        let x = Tensor([[1.0, 2.0]])
        let flipped = (0..<8).map { _ in flip(x).toArray(Float.self) == [2, 1] }
        #expect(flipped == [true, true, true, true, true, true, false, false])
    }
}
