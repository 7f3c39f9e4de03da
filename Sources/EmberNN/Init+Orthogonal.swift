import Ember

extension Init {
    /// `orthogonal_(tensor, gain)`: a (semi-)orthogonal matrix, as in Saxe et al. (2013).
    /// PyTorch's algorithm step for step (normal fill of rows × cols from the generator,
    /// transposed when wide, Q of its QR with the signs of R's diagonal, times `gain`), so the
    /// same seed gives PyTorch's values. Dims after the first are flattened.
    @discardableResult
    public static func orthogonal_(_ tensor: Tensor, gain: Double = 1, generator: Generator? = nil,
                                   file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        if tensor.ndim < 2 { emberFatal("Only tensors with 2 or more dimensions are supported", file: file, line: line) }
        if tensor.count == 0 { return tensor }
        let rows = tensor.shape[0], cols = tensor.count / rows
        return noGrad {
            var flattened = Tensor.empty([rows, cols], dtype: tensor.dtype, device: tensor.device)
                .normal_(mean: 0, std: 1, generator: generator)
            if rows < cols { flattened = flattened.t() }
            let (q, r) = Linalg.qr(flattened, file: file, line: line)
            // Makes Q uniform over the orthogonal group (QR alone leaves a sign pattern).
            var signed = q * r.diagonal().sign()
            if rows < cols { signed = signed.t() }
            tensor.copy_(signed.reshape(tensor.shape))
            tensor.mul_(gain)
            return tensor
        }
    }
}
