// `tril` / `triu`: keep the elements on and below (above) a diagonal of the last two dims,
// zero the rest. Batched over leading dims. The gradient is the same mask applied to the
// incoming gradient (`TrilBackward0`, `TriuBackward0`).

extension Tensor {
    /// The `[rows, cols]` mask of the kept elements: `j - i <= diagonal` for tril,
    /// `j - i >= diagonal` for triu.
    private func triangleMask(lower: Bool, diagonal: Int) -> Tensor {
        let rows = shape[ndim - 2], cols = shape[ndim - 1]
        var keep = [Bool](repeating: false, count: rows * cols)
        for i in 0..<rows {
            for j in 0..<cols where lower ? j - i <= diagonal : j - i >= diagonal { keep[i * cols + j] = true }
        }
        return Tensor(keep, shape: [rows, cols], device: device)
    }

    private func triangle(lower: Bool, diagonal: Int, file: StaticString, line: UInt) -> Tensor {
        let name = lower ? "tril" : "triu"
        guard ndim >= 2 else { emberFatal("\(name): input tensor must have at least 2 dimensions", file: file, line: line) }
        let mask = triangleMask(lower: lower, diagonal: diagonal)
        let out = noGrad { Tensor.where(mask, self, Tensor.zeros([], dtype: dtype, device: device), file: file, line: line) }
        Tensor.record(lower ? "TrilBackward0" : "TriuBackward0", inputs: [self], outputs: [out], file: file, line: line) { ctx in
            [ctx.grad.triangle(lower: lower, diagonal: diagonal, file: file, line: line)]
        }
        return out
    }

    /// `tril(diagonal)`: zeros above the `diagonal`-th diagonal of the last two dims
    /// (`diagonal > 0` keeps that many diagonals above the main one, `< 0` drops below it).
    public func tril(diagonal: Int = 0, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.tril", [.tensor(self), .int(diagonal)], file: file, line: line) {
            triangle(lower: true, diagonal: diagonal, file: file, line: line)
        }
    }

    /// `triu(diagonal)`: zeros below the `diagonal`-th diagonal of the last two dims.
    public func triu(diagonal: Int = 0, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.triu", [.tensor(self), .int(diagonal)], file: file, line: line) {
            triangle(lower: false, diagonal: diagonal, file: file, line: line)
        }
    }

    /// `tril_(diagonal)`: `tril` written into self.
    @discardableResult
    public func tril_(diagonal: Int = 0, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.tril", [.tensor(self), .int(diagonal)], mutating: 0, file: file, line: line) {
            checkInPlaceAllowed(file: file, line: line)
            assign(tril(diagonal: diagonal, file: file, line: line), "tril_", file: file, line: line)
            return self
        }
    }

    /// `triu_(diagonal)`: `triu` written into self.
    @discardableResult
    public func triu_(diagonal: Int = 0, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Tensor.traced("aten.triu", [.tensor(self), .int(diagonal)], mutating: 0, file: file, line: line) {
            checkInPlaceAllowed(file: file, line: line)
            assign(triu(diagonal: diagonal, file: file, line: line), "triu_", file: file, line: line)
            return self
        }
    }
}

/// `torch.tril(input, diagonal)`.
public func tril(_ input: Tensor, diagonal: Int = 0, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    input.tril(diagonal: diagonal, file: file, line: line)
}

/// `torch.triu(input, diagonal)`.
public func triu(_ input: Tensor, diagonal: Int = 0, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    input.triu(diagonal: diagonal, file: file, line: line)
}
