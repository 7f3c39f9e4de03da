/// The feed-forward activation of a transformer layer: `"relu"` or `"gelu"` (PyTorch's
/// strings, written as literals) or any function (`.custom { silu($0) }`).
public struct TransformerActivation: ExpressibleByStringLiteral, Sendable {
    /// "relu", "gelu", or nil for a custom function.
    public let name: String?
    let function: @Sendable (Tensor) -> Tensor

    public init(_ name: String, file: StaticString = #fileID, line: UInt = #line) {
        switch name {
        case "relu": function = { $0.relu() }
        case "gelu": function = { gelu($0) }
        default: emberFatal("activation should be relu/gelu, not \(name)", file: file, line: line)
        }
        self.name = name
    }

    public init(stringLiteral value: String) { self.init(value) }

    /// Any elementwise function, e.g. `.custom { silu($0) }`.
    public static func custom(_ function: @escaping @Sendable (Tensor) -> Tensor) -> TransformerActivation {
        TransformerActivation(function: function)
    }

    private init(function: @escaping @Sendable (Tensor) -> Tensor) {
        name = nil
        self.function = function
    }
}

/// `nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward=2048, dropout=0.1,
/// activation=relu, layer_norm_eps=1e-5, batch_first=False, norm_first=False, bias=True)`:
/// self-attention then a feed-forward block, each with a residual connection and a
/// LayerNorm (after the sum, or before the block with `normFirst`).
///
/// Sub-modules carry PyTorch's names (`self_attn`, `linear1`, `dropout`, `linear2`,
/// `norm1`, `norm2`, `dropout1`, `dropout2`) and are built in its order, so the same seed
/// gives the same weights and PyTorch's state dicts load by name. PyTorch's fused inference
/// path (and its nested-tensor zeros at padded positions) is not reproduced: outputs at
/// padded positions are computed as in training.
open class TransformerEncoderLayer: Module {
    public let selfAttn: MultiheadAttention
    public let linear1: Linear
    public let dropout: Dropout
    public let linear2: Linear
    public let normFirst: Bool
    public let norm1: LayerNorm
    public let norm2: LayerNorm
    public let dropout1: Dropout
    public let dropout2: Dropout
    public let activation: TransformerActivation
    let config: (dimFeedforward: Int, dropout: Double, eps: Double, bias: Bool)

    public init(_ dModel: Int, _ nhead: Int, dimFeedforward: Int = 2048, dropout: Double = 0.1,
                activation: TransformerActivation = "relu", layerNormEps: Double = 1e-5, batchFirst: Bool = false,
                normFirst: Bool = false, bias: Bool = true, dtype: DType? = nil, device: Device = .cpu,
                file: StaticString = #fileID, line: UInt = #line) {
        selfAttn = MultiheadAttention(dModel, nhead, dropout: dropout, bias: bias, batchFirst: batchFirst,
                                      dtype: dtype, device: device, file: file, line: line)
        linear1 = Linear(dModel, dimFeedforward, bias: bias, dtype: dtype, device: device)
        self.dropout = Dropout(p: dropout, file: file, line: line)
        linear2 = Linear(dimFeedforward, dModel, bias: bias, dtype: dtype, device: device)
        self.normFirst = normFirst
        norm1 = LayerNorm(dModel, eps: layerNormEps, bias: bias, dtype: dtype, device: device)
        norm2 = LayerNorm(dModel, eps: layerNormEps, bias: bias, dtype: dtype, device: device)
        dropout1 = Dropout(p: dropout)
        dropout2 = Dropout(p: dropout)
        self.activation = activation
        config = (dimFeedforward, dropout, layerNormEps, bias)
        super.init()
    }

    /// `layer(src, src_mask=None, src_key_padding_mask=None, is_causal=False)`.
    public func callAsFunction(_ src: Tensor, srcMask: Tensor? = nil, srcKeyPaddingMask: Tensor? = nil,
                               isCausal: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        let kpm = canonicalMask(srcKeyPaddingMask, name: "src_key_padding_mask", dtype: src.dtype, file: file, line: line)
        let mask = canonicalMask(srcMask, name: "src_mask", dtype: src.dtype, file: file, line: line)
        func sa(_ x: Tensor) -> Tensor {
            let a = selfAttn(x, x, x, keyPaddingMask: kpm, needWeights: false, attnMask: mask, isCausal: isCausal,
                             file: file, line: line).output
            return dropout1(a, file: file, line: line)
        }
        func ff(_ x: Tensor) -> Tensor {
            let h = dropout(activation.function(linear1(x, file: file, line: line)), file: file, line: line)
            return dropout2(linear2(h, file: file, line: line), file: file, line: line)
        }
        var x = src
        if normFirst {
            x = x.add(sa(norm1(x, file: file, line: line)), file: file, line: line)
            x = x.add(ff(norm2(x, file: file, line: line)), file: file, line: line)
        } else {
            x = norm1(x.add(sa(x), file: file, line: line), file: file, line: line)
            x = norm2(x.add(ff(x), file: file, line: line), file: file, line: line)
        }
        return x
    }

    open override func forward(_ input: Tensor) -> Tensor {
        let s = currentSite()
        return self(input, srcMask: nil, file: s.file, line: s.line)
    }

    /// A copy with equal weights and mode (what `copy.deepcopy` gives `TransformerEncoder`),
    /// built without consuming the default generator.
    open func copy() -> TransformerEncoderLayer {
        let w = linear1.weight
        let layer = withPreservedRNG {
            TransformerEncoderLayer(norm1.normalizedShape[0], selfAttn.numHeads, dimFeedforward: config.dimFeedforward,
                                    dropout: config.dropout, activation: activation, layerNormEps: config.eps,
                                    batchFirst: selfAttn.batchFirst, normFirst: normFirst, bias: config.bias,
                                    dtype: w.dtype, device: w.device)
        }
        return layer.copyingState(of: self)
    }
}

/// `nn.TransformerEncoder(encoder_layer, num_layers, norm=None)`: `numLayers` copies of the
/// layer (equal initial weights, as PyTorch deep-copies it), under `layers.0`, `layers.1`, …,
/// then the optional final norm.
open class TransformerEncoder: Module {
    public let layers: ModuleList
    public let norm: Module?
    public let numLayers: Int

    public init(_ encoderLayer: TransformerEncoderLayer, numLayers: Int, norm: Module? = nil) {
        layers = ModuleList((0..<numLayers).map { _ in encoderLayer.copy() })
        self.norm = norm
        self.numLayers = numLayers
        super.init()
    }

    /// `encoder(src, mask=None, src_key_padding_mask=None, is_causal=None)`.
    public func callAsFunction(_ src: Tensor, mask: Tensor? = nil, srcKeyPaddingMask: Tensor? = nil,
                               isCausal: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        let kpm = canonicalMask(srcKeyPaddingMask, name: "src_key_padding_mask", dtype: src.dtype, file: file, line: line)
        let m = canonicalMask(mask, name: "mask", dtype: src.dtype, file: file, line: line)
        var x = src
        for layer in layers {
            x = (layer as! TransformerEncoderLayer)(x, srcMask: m, srcKeyPaddingMask: kpm, isCausal: isCausal,
                                                   file: file, line: line)
        }
        if let norm { x = norm(x, file: file, line: line) }
        return x
    }

    open override func forward(_ input: Tensor) -> Tensor {
        let s = currentSite()
        return self(input, mask: nil, file: s.file, line: s.line)
    }
}

/// Runs `body` and puts the default generator back as it was.
func withPreservedRNG<R>(_ body: () -> R) -> R {
    let state = getRNGState()
    defer { setRNGState(state) }
    return body()
}

extension Module {
    /// Copies `other`'s parameters, buffers and training mode into this module of the
    /// same structure; returns self.
    func copyingState(of other: Module) -> Self {
        do {
            try loadStateDict(other.stateDict())
        } catch {
            emberFatal("\(error)")
        }
        train(other.isTraining)
        return self
    }
}
