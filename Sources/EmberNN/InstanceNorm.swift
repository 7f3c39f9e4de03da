import Ember

/// PyTorch's `_InstanceNorm`: per-sample, per-channel normalisation over spatial positions.
/// Unlike BatchNorm, `affine` and `trackRunningStats` are off by default. State-dict keys as
/// PyTorch's: `weight`, `bias`, `running_mean`, `running_var`, `num_batches_tracked`.
open class InstanceNormBase: Module {
    public let numFeatures: Int
    public let eps: Double
    public let momentum: Double?
    public let affine: Bool
    public let trackRunningStats: Bool
    @Parameter public var weight: Tensor?
    @Parameter public var bias: Tensor?
    @Buffer public var runningMean: Tensor?
    @Buffer public var runningVar: Tensor?
    @Buffer public var numBatchesTracked: Tensor?
    /// The rank of an unbatched input (`[C, L]` is 2, `[C, H, W]` is 3).
    let unbatchedRank: Int

    init(_ numFeatures: Int, unbatchedRank: Int, eps: Double, momentum: Double?, affine: Bool, trackRunningStats: Bool,
         dtype: DType?, device: Device) {
        self.numFeatures = numFeatures
        self.unbatchedRank = unbatchedRank
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.trackRunningStats = trackRunningStats
        _weight = Parameter(wrappedValue: affine ? Tensor.ones([numFeatures], dtype: dtype, device: device) : nil)
        _bias = Parameter(wrappedValue: affine ? Tensor.zeros([numFeatures], dtype: dtype, device: device) : nil)
        _runningMean = Buffer(wrappedValue: trackRunningStats ? Tensor.zeros([numFeatures], dtype: dtype, device: device) : nil)
        _runningVar = Buffer(wrappedValue: trackRunningStats ? Tensor.ones([numFeatures], dtype: dtype, device: device) : nil)
        _numBatchesTracked = Buffer(wrappedValue: trackRunningStats ? Tensor.zeros([], dtype: .int64, device: device) : nil)
        super.init()
    }

    open override func forward(_ input: Tensor) -> Tensor {
        let site = currentSite()
        let (file, line) = site
        let batchedRank = unbatchedRank + 1
        if input.ndim != unbatchedRank && input.ndim != batchedRank {
            emberFatal("expected \(unbatchedRank)D or \(batchedRank)D input (got \(input.ndim)D input)", file: file, line: line)
        }
        let featureDim = input.ndim - unbatchedRank
        if input.shape[featureDim] != numFeatures {
            if affine {
                emberFatal("expected input's size at dim=\(featureDim) to match num_features (\(numFeatures)), but got: \(input.shape[featureDim]).", file: file, line: line)
            }
        }
        let batched = input.ndim == unbatchedRank ? input.unsqueeze(0, file: file, line: line) : input
        let y = instanceNorm(batched, runningMean: runningMean, runningVar: runningVar, weight: weight, bias: bias,
                             useInputStats: isTraining || !trackRunningStats, momentum: momentum ?? 0, eps: eps,
                             file: file, line: line)
        return input.ndim == unbatchedRank ? y.squeeze(0, file: file, line: line) : y
    }

    open override var extraRepr: String {
        "\(numFeatures), eps=\(pythonFloat(eps)), momentum=\(momentum.map(pythonFloat) ?? "None"), affine=\(affine ? "True" : "False"), track_running_stats=\(trackRunningStats ? "True" : "False")"
    }
}

/// `nn.InstanceNorm1d(num_features, eps=1e-5, momentum=0.1, affine=False, track_running_stats=False)`
/// over `[N, C, L]` or `[C, L]`.
open class InstanceNorm1d: InstanceNormBase {
    public init(_ numFeatures: Int, eps: Double = 1e-5, momentum: Double? = 0.1, affine: Bool = false,
                trackRunningStats: Bool = false, dtype: DType? = nil, device: Device = .cpu) {
        super.init(numFeatures, unbatchedRank: 2, eps: eps, momentum: momentum, affine: affine,
                   trackRunningStats: trackRunningStats, dtype: dtype, device: device)
    }
}

/// `nn.InstanceNorm2d(num_features, eps=1e-5, momentum=0.1, affine=False, track_running_stats=False)`
/// over `[N, C, H, W]` or `[C, H, W]`.
open class InstanceNorm2d: InstanceNormBase {
    public init(_ numFeatures: Int, eps: Double = 1e-5, momentum: Double? = 0.1, affine: Bool = false,
                trackRunningStats: Bool = false, dtype: DType? = nil, device: Device = .cpu) {
        super.init(numFeatures, unbatchedRank: 3, eps: eps, momentum: momentum, affine: affine,
                   trackRunningStats: trackRunningStats, dtype: dtype, device: device)
    }
}
