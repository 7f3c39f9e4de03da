import Ember
import EmberNN

// The nn family replays each node through the same functional op the layer called, with the
// arguments as its `Tensor.traced` call recorded them (sizes expanded to one int per dim).

extension ExportOps {
    /// Runners of the nn family.
    static let nn: [String: OpRunner] = [
        "aten.linear": { a in [linear(a.tensor(0), a.tensor(1), a.optionalTensor(2))] },
        "aten.conv1d": { a in
            [conv1d(a.tensor(0), a.tensor(1), bias: a.optionalTensor(2), stride: a.ints(3), padding: convPadding(a, 4),
                    dilation: a.ints(5), groups: a.int(6))]
        },
        "aten.conv2d": { a in
            [conv2d(a.tensor(0), a.tensor(1), bias: a.optionalTensor(2), stride: a.ints(3), padding: convPadding(a, 4),
                    dilation: a.ints(5), groups: a.int(6))]
        },
        "aten.conv_transpose1d": { a in
            [convTranspose1d(a.tensor(0), a.tensor(1), bias: a.optionalTensor(2), stride: a.ints(3), padding: a.ints(4),
                             outputPadding: a.ints(5), groups: a.int(6), dilation: a.ints(7))]
        },
        "aten.conv_transpose2d": { a in
            [convTranspose2d(a.tensor(0), a.tensor(1), bias: a.optionalTensor(2), stride: a.ints(3), padding: a.ints(4),
                             outputPadding: a.ints(5), groups: a.int(6), dilation: a.ints(7))]
        },
        "aten.max_pool1d": { a in
            [maxPool1d(a.tensor(0), kernelSize: a.ints(1), stride: a.ints(2), padding: a.ints(3), dilation: a.ints(4),
                       ceilMode: a.bool(5))]
        },
        "aten.max_pool2d": { a in
            [maxPool2d(a.tensor(0), kernelSize: a.ints(1), stride: a.ints(2), padding: a.ints(3), dilation: a.ints(4),
                       ceilMode: a.bool(5))]
        },
        "aten.avg_pool1d": { a in
            [avgPool1d(a.tensor(0), kernelSize: a.ints(1), stride: a.ints(2), padding: a.ints(3), ceilMode: a.bool(4),
                       countIncludePad: a.bool(5))]
        },
        "aten.avg_pool2d": { a in
            [avgPool2d(a.tensor(0), kernelSize: a.ints(1), stride: a.ints(2), padding: a.ints(3), ceilMode: a.bool(4),
                       countIncludePad: a.bool(5), divisorOverride: a.optionalInt(6))]
        },
        "aten.adaptive_avg_pool1d": { a in [adaptiveAvgPool1d(a.tensor(0), outputSize: a.ints(1))] },
        "aten.adaptive_avg_pool2d": { a in [adaptiveAvgPool2d(a.tensor(0), outputSize: a.ints(1))] },
        "aten.batch_norm": { a in
            [batchNorm(a.tensor(0), runningMean: a.optionalTensor(1), runningVar: a.optionalTensor(2),
                       weight: a.optionalTensor(3), bias: a.optionalTensor(4), training: a.bool(5),
                       momentum: a.double(6), eps: a.double(7))]
        },
        "aten.instance_norm": { a in
            [instanceNorm(a.tensor(0), runningMean: a.optionalTensor(1), runningVar: a.optionalTensor(2),
                          weight: a.optionalTensor(3), bias: a.optionalTensor(4), useInputStats: a.bool(5),
                          momentum: a.double(6), eps: a.double(7))]
        },
        "aten.layer_norm": { a in
            [layerNorm(a.tensor(0), a.ints(1), weight: a.optionalTensor(2), bias: a.optionalTensor(3), eps: a.double(4))]
        },
        "aten.group_norm": { a in
            [groupNorm(a.tensor(0), a.int(1), weight: a.optionalTensor(2), bias: a.optionalTensor(3), eps: a.double(4))]
        },
        "aten.embedding": { a in [embedding(a.tensor(0), a.tensor(1), paddingIdx: a.optionalInt(2))] },
        "aten.upsample_nearest1d": interpolateRunner,
        "aten.upsample_nearest2d": interpolateRunner,
        "aten.upsample_linear1d": interpolateRunner,
        "aten.upsample_bilinear2d": interpolateRunner,
        "aten.pixel_shuffle": { a in [pixelShuffle(a.tensor(0), upscaleFactor: a.int(1))] },
        "aten.pixel_unshuffle": { a in [pixelUnshuffle(a.tensor(0), downscaleFactor: a.int(1))] },
    ]

    /// `interpolate`: (input, size?, mode, align_corners?, recompute_scale_factor?, scale factors…).
    private static let interpolateRunner: OpRunner = { a in
        let scales = a.count > 5 ? (5..<a.count).map { a.double($0) } : nil
        let alignCorners: Bool? = if case .bool(let b) = a.items[3] { b } else { nil }
        let recompute: Bool? = if case .bool(let b) = a.items[4] { b } else { nil }
        let size: [Int]? = if case .ints(let v) = a.items[1] { v } else { nil }
        return [interpolate(a.tensor(0), size: size, scaleFactor: scales, mode: a.string(2), alignCorners: alignCorners,
                            recomputeScaleFactor: recompute)]
    }

    /// A convolution's padding argument: "same"/"valid" or one int per dim.
    private static func convPadding(_ a: OpArguments, _ i: Int) -> any PaddingArgument {
        if i < a.count, case .string(let mode) = a.items[i] { return mode }
        return a.ints(i)
    }
}
