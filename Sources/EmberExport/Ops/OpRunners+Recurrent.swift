import Ember
import EmberNN

extension ExportOps {
    /// Runners of the recurrent family: whole recurrent stacks (`aten.lstm`, `aten.gru`,
    /// `aten.rnn_tanh`, `aten.rnn_relu`), single cell steps (`aten.lstm_cell`, …) and
    /// `aten.scaled_dot_product_attention`.
    /// MultiheadAttention and the Transformer layers are captured as the ops they call.
    static let recurrent: [String: OpRunner] = {
        var table: [String: OpRunner] = [
            "aten.scaled_dot_product_attention": { a in
                [scaledDotProductAttention(a.tensor(0), a.tensor(1), a.tensor(2), attnMask: a.optionalTensor(3),
                                           dropoutP: a.double(4), isCausal: a.bool(5), scale: a.optionalDouble(6),
                                           enableGqa: a.bool(7))]
            },
        ]
        // (input, hx list, params, has_biases, num_layers, dropout, train, bidirectional, batch_first)
        for target in ["aten.lstm", "aten.gru", "aten.rnn_tanh", "aten.rnn_relu"] {
            table[target] = { a in
                recurrentLayers(target, a.tensor(0), hx: a.tensors(1), params: a.tensors(2), hasBiases: a.bool(3),
                                numLayers: a.int(4), dropout: a.double(5), train: a.bool(6), bidirectional: a.bool(7),
                                batchFirst: a.bool(8))
            }
        }
        // (input, hx list, w_ih, w_hh, b_ih?, b_hh?)
        for target in ["aten.lstm_cell", "aten.gru_cell", "aten.rnn_tanh_cell", "aten.rnn_relu_cell"] {
            table[target] = { a in
                recurrentCell(target, a.tensor(0), hx: a.tensors(1), wIh: a.tensor(2), wHh: a.tensor(3),
                              bIh: a.optionalTensor(4), bHh: a.optionalTensor(5))
            }
        }
        return table
    }()
}
