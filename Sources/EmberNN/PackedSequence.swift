/// `torch.nn.utils.rnn.PackedSequence`: a batch of variable-length sequences stored
/// time-major without padding. Step t holds `batchSizes[t]` rows — the sequences still
/// running, longest first — so a recurrent layer runs each step on a prefix of the batch.
///
/// `sortedIndices` maps the packed (sorted) order to the original batch and
/// `unsortedIndices` back; both nil when the input was already sorted.
public struct PackedSequence {
    /// `[Σ batchSizes, *]`: the rows of step 0, then those of step 1, ….
    public let data: Tensor
    /// Int64 `[steps]`, on the CPU, non-increasing.
    public let batchSizes: Tensor
    public let sortedIndices: Tensor?
    public let unsortedIndices: Tensor?
    /// `batchSizes` as Swift integers.
    public let batchSizeList: [Int]

    /// PyTorch's `_packed_sequence_init`: `unsortedIndices` defaults to the inverse of
    /// `sortedIndices`.
    public init(data: Tensor, batchSizes: Tensor, sortedIndices: Tensor? = nil, unsortedIndices: Tensor? = nil) {
        self.data = data
        self.batchSizes = batchSizes
        self.sortedIndices = sortedIndices
        self.unsortedIndices = unsortedIndices ?? sortedIndices.map(invertPermutation)
        batchSizeList = batchSizes.toArray(Int64.self).map { Int($0) }
    }

    /// The same packing with other data (what an elementwise op on a PackedSequence gives).
    public func withData(_ newData: Tensor) -> PackedSequence {
        PackedSequence(data: newData, batchSizes: batchSizes, sortedIndices: sortedIndices, unsortedIndices: unsortedIndices)
    }
}

/// The inverse of a permutation given as an int64 index tensor.
func invertPermutation(_ permutation: Tensor) -> Tensor {
    let p = permutation.toArray(Int64.self)
    var inverse = [Int64](repeating: 0, count: p.count)
    for (i, v) in p.enumerated() { inverse[Int(v)] = Int64(i) }
    return Tensor(inverse, shape: [p.count], dtype: .int64, device: permutation.device)
}

/// `pack_padded_sequence(input, lengths, batch_first=False, enforce_sorted=True)`: packs a
/// padded `[seq, batch, *]` (or `[batch, seq, *]`) tensor. With `enforceSorted: false` the
/// batch is first sorted by decreasing length (stably, as `torch.sort` does on the CPU).
public func packPaddedSequence(_ input: Tensor, lengths: [Int], batchFirst: Bool = false, enforceSorted: Bool = true,
                               file: StaticString = #fileID, line: UInt = #line) -> PackedSequence {
    var lengths = lengths
    var x = input
    var sorted: Tensor? = nil
    if !enforceSorted {
        let order = lengths.indices.sorted { lengths[$0] > lengths[$1] || (lengths[$0] == lengths[$1] && $0 < $1) }
        lengths = order.map { lengths[$0] }
        let indices = Tensor(order.map { Int64($0) }, shape: [order.count], dtype: .int64, device: input.device)
        sorted = indices
        x = x.indexSelect(batchFirst ? 0 : 1, indices, file: file, line: line)
    }
    if x.count == 0 { emberFatal("Cannot pack empty tensors.", file: file, line: line) }
    if batchFirst { x = x.transpose(0, 1, file: file, line: line) }
    let batch = x.shape[1]
    if lengths.count != batch {
        emberFatal("Expected `len(lengths)` to be equal to batch_size, but got \(lengths.count) (batch_size=\(batch))", file: file, line: line)
    }
    if lengths.contains(where: { $0 <= 0 }) {
        emberFatal("Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0", file: file, line: line)
    }
    if zip(lengths, lengths.dropFirst()).contains(where: { $0 < $1 }) {
        emberFatal("`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. You can pass `enforce_sorted=False` to pack_padded_sequence and/or pack_sequence to sidestep this requirement if you do not need ONNX exportability.", file: file, line: line)
    }
    if lengths[0] > x.shape[0] {
        emberFatal("Expected sequence length to be larger than or equal to longest sequence length (\(x.shape[0]) < \(lengths[0]))", file: file, line: line)
    }
    var rows: [Tensor] = []
    var batchSizes: [Int64] = []
    for t in 0..<lengths[0] {
        let bt = lengths.filter { $0 > t }.count
        batchSizes.append(Int64(bt))
        rows.append(x.select(0, t, file: file, line: line).narrow(0, 0, bt, file: file, line: line))
    }
    let data = cat(rows, dim: 0, file: file, line: line)
    return PackedSequence(data: data, batchSizes: Tensor(batchSizes, shape: [batchSizes.count], dtype: .int64),
                          sortedIndices: sorted)
}

/// `pack_padded_sequence` with the lengths as a 1-D integer tensor.
public func packPaddedSequence(_ input: Tensor, lengths: Tensor, batchFirst: Bool = false, enforceSorted: Bool = true,
                               file: StaticString = #fileID, line: UInt = #line) -> PackedSequence {
    packPaddedSequence(input, lengths: lengths.toArray(Int64.self).map { Int($0) }, batchFirst: batchFirst,
                       enforceSorted: enforceSorted, file: file, line: line)
}

/// `pad_packed_sequence(sequence, batch_first=False, padding_value=0.0, total_length=None)`:
/// the padded tensor, in the original batch order, and the int64 lengths.
public func padPackedSequence(_ sequence: PackedSequence, batchFirst: Bool = false, paddingValue: Double = 0,
                              totalLength: Int? = nil, file: StaticString = #fileID,
                              line: UInt = #line) -> (output: Tensor, lengths: Tensor) {
    let sizes = sequence.batchSizeList
    var steps = sizes.count
    if let totalLength {
        if totalLength < steps {
            emberFatal("Expected total_length to be at least the length of the longest sequence in input, but got total_length=\(totalLength) and max sequence length being \(steps)", file: file, line: line)
        }
        steps = totalLength
    }
    let data = sequence.data
    let batch = sizes[0]
    let tail = Array(data.shape.dropFirst())
    var rows: [Tensor] = []
    var offset = 0
    for t in 0..<steps {
        let bt = t < sizes.count ? sizes[t] : 0
        var parts: [Tensor] = []
        if bt > 0 { parts.append(data.narrow(0, offset, bt, file: file, line: line)) }
        if bt < batch {
            parts.append(Tensor.full([batch - bt] + tail, paddingValue, dtype: data.dtype, device: data.device))
        }
        rows.append(parts.count == 1 ? parts[0] : cat(parts, dim: 0, file: file, line: line))
        offset += bt
    }
    var output = stack(rows, dim: 0, file: file, line: line)
    if batchFirst { output = output.transpose(0, 1, file: file, line: line) }
    var lengths = (0..<batch).map { i in Int64(sizes.filter { $0 > i }.count) }
    if let unsorted = sequence.unsortedIndices {
        output = output.indexSelect(batchFirst ? 0 : 1, unsorted, file: file, line: line)
        lengths = unsorted.toArray(Int64.self).map { lengths[Int($0)] }
    }
    return (output, Tensor(lengths, shape: [batch], dtype: .int64))
}

/// `pad_sequence(sequences, batch_first=False, padding_value=0.0, padding_side='right')`:
/// stacks `[Lᵢ, *]` tensors into `[max L, batch, *]` (or `[batch, max L, *]`), padded.
public func padSequence(_ sequences: [Tensor], batchFirst: Bool = false, paddingValue: Double = 0,
                        paddingSide: String = "right", file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    if paddingSide != "left" && paddingSide != "right" {
        emberFatal("Expected padding_side to be one of left or right, but got \(paddingSide).", file: file, line: line)
    }
    guard let first = sequences.first else { emberFatal("received an empty list of sequences", file: file, line: line) }
    let maxLen = sequences.map { $0.shape[0] }.max()!
    let padded = sequences.map { s -> Tensor in
        let pad = maxLen - s.shape[0]
        if pad == 0 { return s }
        let filler = Tensor.full([pad] + Array(s.shape.dropFirst()), paddingValue, dtype: first.dtype, device: first.device)
        return cat(paddingSide == "right" ? [s, filler] : [filler, s], dim: 0, file: file, line: line)
    }
    return stack(padded, dim: batchFirst ? 0 : 1, file: file, line: line)
}

/// `pack_sequence(sequences, enforce_sorted=True)`: `padSequence` then `packPaddedSequence`.
public func packSequence(_ sequences: [Tensor], enforceSorted: Bool = true,
                         file: StaticString = #fileID, line: UInt = #line) -> PackedSequence {
    packPaddedSequence(padSequence(sequences, file: file, line: line), lengths: sequences.map { $0.shape[0] },
                       enforceSorted: enforceSorted, file: file, line: line)
}

/// `unpad_sequence(padded_sequences, lengths, batch_first=False)`: the inverse of
/// `padSequence`, a list of `[Lᵢ, *]` tensors.
public func unpadSequence(_ paddedSequences: Tensor, lengths: [Int], batchFirst: Bool = false,
                          file: StaticString = #fileID, line: UInt = #line) -> [Tensor] {
    let padded = batchFirst ? paddedSequences : paddedSequences.transpose(0, 1, file: file, line: line)
    return lengths.enumerated().map { i, length in
        padded.select(0, i, file: file, line: line).narrow(0, 0, length, file: file, line: line)
    }
}

/// `unpack_sequence(packed_sequences)`: the inverse of `packSequence`, in the original order.
public func unpackSequence(_ packedSequences: PackedSequence, file: StaticString = #fileID, line: UInt = #line) -> [Tensor] {
    let (padded, lengths) = padPackedSequence(packedSequences, batchFirst: true, file: file, line: line)
    return unpadSequence(padded, lengths: lengths.toArray(Int64.self).map { Int($0) }, batchFirst: true, file: file, line: line)
}
