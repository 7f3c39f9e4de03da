import Ember

/// PyTorch's `_BatchNorm`: per-channel normalisation with learnable `weight` and `bias`
/// (when `affine`) and running statistics as buffers (when `trackRunningStats`):
/// `running_mean`, `running_var` and `num_batches_tracked` (int64), PyTorch's state-dict keys.
open class BatchNormBase: Module {
    public let numFeatures: Int
    public let eps: Double
    /// nil: a cumulative moving average (1 / num_batches_tracked) instead of an exponential one.
    public let momentum: Double?
    public let affine: Bool
    public let trackRunningStats: Bool
    @Parameter public var weight: Tensor?
    @Parameter public var bias: Tensor?
    @Buffer public var runningMean: Tensor?
    @Buffer public var runningVar: Tensor?
    @Buffer public var numBatchesTracked: Tensor?

    public init(_ numFeatures: Int, eps: Double = 1e-5, momentum: Double? = 0.1, affine: Bool = true,
                trackRunningStats: Bool = true, bias: Bool = true, dtype: DType? = nil, device: Device = .cpu) {
        self.numFeatures = numFeatures
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.trackRunningStats = trackRunningStats
        _weight = Parameter(wrappedValue: affine ? Tensor.ones([numFeatures], dtype: dtype, device: device) : nil)
        _bias = Parameter(wrappedValue: affine && bias ? Tensor.zeros([numFeatures], dtype: dtype, device: device) : nil)
        _runningMean = Buffer(wrappedValue: trackRunningStats ? Tensor.zeros([numFeatures], dtype: dtype, device: device) : nil)
        _runningVar = Buffer(wrappedValue: trackRunningStats ? Tensor.ones([numFeatures], dtype: dtype, device: device) : nil)
        _numBatchesTracked = Buffer(wrappedValue: trackRunningStats ? Tensor.zeros([], dtype: .int64, device: device) : nil)
        super.init()
    }

    /// `reset_running_stats()`.
    open func resetRunningStats() {
        noGrad {
            _ = runningMean?.zero_()
            _ = runningVar?.fill_(1.0)
            _ = numBatchesTracked?.zero_()
        }
    }

    /// `reset_parameters()`.
    open func resetParameters() {
        resetRunningStats()
        if let weight { Init.ones_(weight) }
        if let bias { Init.zeros_(bias) }
    }

    /// `_check_input_dim`: subclasses check the input's rank.
    open func checkInputDim(_ input: Tensor, file: StaticString, line: UInt) {}

    open override func forward(_ input: Tensor) -> Tensor {
        let site = currentSite()
        checkInputDim(input, file: site.file, line: site.line)
        var factor = momentum ?? 0
        if isTraining && trackRunningStats, let numBatchesTracked {
            noGrad { _ = numBatchesTracked.add_(1) }
            if momentum == nil { factor = 1 / Double(numBatchesTracked.item(Int64.self)) }
        }
        // Batch statistics in training, and in eval when there are no running ones.
        let useBatchStats = isTraining || (runningMean == nil && runningVar == nil)
        let track = !isTraining || trackRunningStats
        return batchNorm(input, runningMean: track ? runningMean : nil, runningVar: track ? runningVar : nil,
                         weight: weight, bias: bias, training: useBatchStats, momentum: factor, eps: eps,
                         file: site.file, line: site.line)
    }

    open override var extraRepr: String {
        "\(numFeatures), eps=\(eps), momentum=\(momentum.map { "\($0)" } ?? "None"), affine=\(affine ? "True" : "False"), bias=\(bias != nil ? "True" : "False"), track_running_stats=\(trackRunningStats ? "True" : "False")"
    }
}

/// `nn.BatchNorm1d(num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True)`
/// over `[N, C]` or `[N, C, L]`.
open class BatchNorm1d: BatchNormBase {
    open override func checkInputDim(_ input: Tensor, file: StaticString, line: UInt) {
        if input.ndim != 2 && input.ndim != 3 {
            emberFatal("expected 2D or 3D input (got \(input.ndim)D input)", file: file, line: line)
        }
    }
}

/// `nn.BatchNorm2d(num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True)`
/// over `[N, C, H, W]`.
open class BatchNorm2d: BatchNormBase {
    open override func checkInputDim(_ input: Tensor, file: StaticString, line: UInt) {
        if input.ndim != 4 {
            emberFatal("expected 4D input (got \(input.ndim)D input)", file: file, line: line)
        }
    }
}
