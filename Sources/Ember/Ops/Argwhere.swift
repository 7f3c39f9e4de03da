// The other spellings of `nonzero` (AdvancedIndexing.swift): `argwhere`, and
// `nonzero(as_tuple=True)`, whose per-dim index vectors can index the tensor directly.

extension Tensor {
    /// `argwhere()`: the same `[n, ndim]` int64 positions as `nonzero()`.
    public func argwhere() -> Tensor { nonzero() }

    /// `nonzero(as_tuple)`: with `asTuple: true`, one int64 vector of `n` positions per dim
    /// (`x[x.nonzero(asTuple: true)]` picks the nonzero elements; a 0-d tensor reads as
    /// 1-d, as in PyTorch). With `false`, a one-element array holding `nonzero()`.
    public func nonzero(asTuple: Bool) -> [Tensor] {
        let positions = nonzero()
        guard asTuple else { return [positions] }
        if ndim == 0 {
            return [Tensor.zeros([positions.shape[0]], dtype: .int64, device: device)]
        }
        return noGrad { (0..<ndim).map { positions.select(1, $0).contiguous() } }
    }
}

/// `torch.argwhere(input)`.
public func argwhere(_ input: Tensor) -> Tensor { input.argwhere() }

/// `torch.nonzero(input)`.
public func nonzero(_ input: Tensor) -> Tensor { input.nonzero() }

/// `torch.nonzero(input, as_tuple)`.
public func nonzero(_ input: Tensor, asTuple: Bool) -> [Tensor] { input.nonzero(asTuple: asTuple) }
