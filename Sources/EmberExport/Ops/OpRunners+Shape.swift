import Ember
import EmberNN

// Each runner calls the public op that recorded the node, with the arguments in the order
// its `Tensor.traced` call gives them (see the op's source), so replay equals eager bit for bit.

extension ExportOps {
    /// Runners of the shape family: views, joins, indexing, casts and like-factories.
    static let shape: [String: OpRunner] = [
        // Views: (self, sizes) with -1 kept; (self, dims…).
        "aten.view": { a in [a.tensor(0).view(a.ints(1))] },
        "aten.reshape": { a in [a.tensor(0).reshape(a.ints(1))] },
        "aten.flatten": { a in [a.tensor(0).flatten(startDim: a.int(1), endDim: a.int(2))] },
        "aten.squeeze": { a in
            let x = a.tensor(0)
            return [a.optionalInt(1).map { x.squeeze($0) } ?? x.squeeze()]
        },
        "aten.unsqueeze": { a in [a.tensor(0).unsqueeze(a.int(1))] },
        "aten.permute": { a in [a.tensor(0).permute(a.ints(1))] },
        "aten.transpose": { a in [a.tensor(0).transpose(a.int(1), a.int(2))] },
        "aten.expand": { a in [a.tensor(0).expand(a.ints(1))] },
        "aten.narrow": { a in [a.tensor(0).narrow(a.int(1), a.int(2), a.int(3))] },
        "aten.select": { a in [a.tensor(0).select(a.int(1), a.int(2))] },
        // (self, dim, start?, end?, step): a subscript's slice, bounds as written.
        "aten.slice": { a in [a.tensor(0).sliceForExport(a.int(1), a.optionalInt(2), a.optionalInt(3), step: a.int(4))] },
        // (self, dim, index): a subscript's one integer index tensor.
        "aten.index": { a in [a.tensor(0).indexForExport(a.int(1), a.tensor(2))] },
        "aten.alias": { a in [a.tensor(0)[.ellipsis]] },
        "aten.detach": { a in [a.tensor(0).detach()] },
        // Copies and casts.
        "aten.clone": { a in [a.tensor(0).clone()] },
        "aten._to_copy": { a in [a.tensor(0).to(a.dtype(1))] },
        // Joins and splits: (tensors, dim); (self, size or sizes or chunks, dim).
        "aten.cat": { a in [cat(a.tensors(0), dim: a.int(1))] },
        "aten.stack": { a in [stack(a.tensors(0), dim: a.int(1))] },
        "aten.split": { a in a.tensor(0).split(a.int(1), dim: a.int(2)) },
        "aten.split_with_sizes": { a in a.tensor(0).split(a.ints(1), dim: a.int(2)) },
        "aten.chunk": { a in a.tensor(0).chunk(a.int(1), dim: a.int(2)) },
        "aten.repeat": { a in [a.tensor(0).repeat(a.ints(1))] },
        "aten.flip": { a in [a.tensor(0).flip(a.ints(1))] },
        "aten.roll": { a in [a.tensor(0).roll(a.ints(1), dims: a.ints(2))] },
        "aten.rot90": { a in [a.tensor(0).rot90(a.int(1), dims: a.ints(2))] },
        "aten.tril": { a in [a.tensor(0).tril(diagonal: a.int(1))] },
        "aten.triu": { a in [a.tensor(0).triu(diagonal: a.int(1))] },
        // (input, pad, mode, value?).
        "aten.pad": { a in [pad(a.tensor(0), a.ints(1), mode: a.string(2), value: a.optionalDouble(3))] },
        "aten.one_hot": { a in [oneHot(a.tensor(0), numClasses: a.int(1))] },
        "aten.take": { a in [a.tensor(0).take(a.tensor(1))] },
        // (self, indices, values, accumulate): the out-of-place op, also for `indexPut_`.
        "aten.index_put": { a in [a.tensor(0).indexPut(a.tensors(1), a.tensor(2), accumulate: a.bool(3))] },
        // Like-factories: (other, dtype?); full_like: (other, value, dtype?).
        "aten.zeros_like": { a in [Tensor.zeros(like: a.tensor(0), dtype: a.optionalDType(1))] },
        "aten.ones_like": { a in [Tensor.ones(like: a.tensor(0), dtype: a.optionalDType(1))] },
        "aten.empty_like": { a in [Tensor.empty(like: a.tensor(0), dtype: a.optionalDType(1))] },
        "aten.full_like": { a in
            let other = a.tensor(0), dtype = a.optionalDType(2)
            switch a.items[1] {
            case .bool(let b): return [Tensor.full(like: other, b, dtype: dtype)]
            case .int(let i): return [Tensor.full(like: other, i, dtype: dtype)]
            default: return [Tensor.full(like: other, a.double(1), dtype: dtype)]
            }
        },
    ]
}
