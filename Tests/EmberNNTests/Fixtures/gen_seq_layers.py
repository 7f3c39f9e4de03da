"""Writes seq_layers.safetensors: PyTorch's recurrent, attention and transformer layers on
small inputs, for RNNTests, AttentionTests and TransformerTests.

Each case `name` stores its module's state dict under `name.state.<key>`, its inputs and
PyTorch's outputs under `name.<tensor>`. Modules are built after torch.manual_seed(k), so
`init.<case>.*` also checks that Ember's constructors draw PyTorch's initial weights.
Run with the PyTorch venv: /tmp/torch/bin/python gen_seq_layers.py
"""
import math
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
from safetensors.torch import save_file
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

out = {}
# safetensors sorts its keys; each case's state-dict order is kept in the metadata.
orders = {}


def put(name, t):
    out[name] = t.detach().contiguous().clone()


def put_state(name, module):
    for k, v in module.state_dict().items():
        put(f"{name}.state.{k}", v)
    orders[name] = ",".join(module.state_dict().keys())


g = torch.Generator().manual_seed(1234)


def randn(*shape):
    return torch.randn(*shape, generator=g)


# --- Initialisation from the default generator -------------------------------------------
torch.manual_seed(0)
put_state("init.lstm", nn.LSTM(3, 4, num_layers=2, bidirectional=True))
torch.manual_seed(1)
put_state("init.gru", nn.GRU(3, 4))
torch.manual_seed(2)
put_state("init.rnncell", nn.RNNCell(3, 4))
torch.manual_seed(3)
put_state("init.mha", nn.MultiheadAttention(8, 2))
torch.manual_seed(4)
put_state("init.mha_kv", nn.MultiheadAttention(8, 2, kdim=5, vdim=6))
torch.manual_seed(5)
put_state("init.encoder", nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16), 2, enable_nested_tensor=False))
torch.manual_seed(6)
put_state("init.decoder_layer", nn.TransformerDecoderLayer(8, 2, 16))

# --- Recurrent layers -----------------------------------------------------------------
torch.manual_seed(10)
m = nn.RNN(3, 4, num_layers=2)
x, h0 = randn(5, 2, 3), randn(2, 2, 4)
y, hn = m(x, h0)
put_state("rnn_tanh", m); put("rnn_tanh.x", x); put("rnn_tanh.h0", h0); put("rnn_tanh.out", y); put("rnn_tanh.hn", hn)

m = nn.RNN(3, 4, nonlinearity="relu", batch_first=True, bidirectional=True)
x = randn(2, 5, 3)
y, hn = m(x)
put_state("rnn_relu", m); put("rnn_relu.x", x); put("rnn_relu.out", y); put("rnn_relu.hn", hn)

m = nn.LSTM(3, 4, num_layers=2, bidirectional=True, batch_first=True)
x, h0, c0 = randn(2, 5, 3), randn(4, 2, 4), randn(4, 2, 4)
y, (hn, cn) = m(x, (h0, c0))
put_state("lstm", m)
for k, v in dict(x=x, h0=h0, c0=c0, out=y, hn=hn, cn=cn).items():
    put(f"lstm.{k}", v)

m = nn.GRU(3, 4, num_layers=2, bidirectional=True, batch_first=True)
x, h0 = randn(2, 5, 3), randn(4, 2, 4)
y, hn = m(x, h0)
put_state("gru", m)
for k, v in dict(x=x, h0=h0, out=y, hn=hn).items():
    put(f"gru.{k}", v)

# Projected LSTM (proj_size): h is [.., 2], c is [.., 5].
m = nn.LSTM(3, 5, num_layers=2, bidirectional=True, proj_size=2, batch_first=True)
x, h0, c0 = randn(2, 4, 3), randn(4, 2, 2), randn(4, 2, 5)
y, (hn, cn) = m(x, (h0, c0))
put_state("lstm_proj", m)
for k, v in dict(x=x, h0=h0, c0=c0, out=y, hn=hn, cn=cn).items():
    put(f"lstm_proj.{k}", v)

# Dropout between layers in training, drawn from the default generator right after seed 7.
m = nn.LSTM(3, 4, num_layers=2, dropout=0.5)
x = randn(5, 2, 3)
torch.manual_seed(7)
y, (hn, cn) = m(x)
put_state("lstm_dropout", m)
for k, v in dict(x=x, out=y, hn=hn).items():
    put(f"lstm_dropout.{k}", v)

# Unbatched input: [seq, feature], state [layers, hidden].
m = nn.LSTM(3, 4)
x = randn(5, 3)
y, (hn, cn) = m(x)
put_state("lstm_unbatched", m)
for k, v in dict(x=x, out=y, hn=hn, cn=cn).items():
    put(f"lstm_unbatched.{k}", v)

# Packed input with unsorted lengths, through a bidirectional 2-layer LSTM, plus gradients.
m = nn.LSTM(3, 4, num_layers=2, bidirectional=True)
x = randn(5, 3, 3).requires_grad_()
h0, c0 = randn(4, 3, 4), randn(4, 3, 4)
lengths = [2, 5, 3]
packed = pack_padded_sequence(x, lengths, enforce_sorted=False)
y, (hn, cn) = m(packed, (h0, c0))
padded, lens = pad_packed_sequence(y, total_length=6)
wsum = randn(*padded.shape)
((padded * wsum).sum() + hn.sum() + (cn * cn).sum()).backward()
put_state("lstm_packed", m)
for k, v in dict(x=x, h0=h0, c0=c0, packed_data=packed.data, batch_sizes=packed.batch_sizes,
                 sorted_indices=packed.sorted_indices, out_data=y.data, padded=padded, lengths=lens,
                 hn=hn, cn=cn, wsum=wsum, x_grad=x.grad, w_hh_l0_grad=m.weight_hh_l0.grad,
                 w_ih_l1_reverse_grad=m.weight_ih_l1_reverse.grad).items():
    put(f"lstm_packed.{k}", v)

# Packed batch-first GRU without an initial state.
m = nn.GRU(3, 4, bidirectional=True, batch_first=True)
x = randn(3, 4, 3)
packed = pack_padded_sequence(x, torch.tensor([3, 1, 4]), batch_first=True, enforce_sorted=False)
y, hn = m(packed)
padded, lens = pad_packed_sequence(y, batch_first=True, padding_value=-1.0)
put_state("gru_packed", m)
for k, v in dict(x=x, padded=padded, hn=hn).items():
    put(f"gru_packed.{k}", v)

# Cells, batched and unbatched.
for name, cell in [("rnncell", nn.RNNCell(3, 4, nonlinearity="relu")), ("lstmcell", nn.LSTMCell(3, 4)),
                   ("grucell", nn.GRUCell(3, 4))]:
    x, h = randn(2, 3), randn(2, 4)
    put_state(name, cell); put(f"{name}.x", x); put(f"{name}.h", h)
    if name == "lstmcell":
        c = randn(2, 4)
        h1, c1 = cell(x, (h, c))
        put(f"{name}.c", c); put(f"{name}.h1", h1); put(f"{name}.c1", c1)
        put(f"{name}.h1_unbatched", cell(x[0])[0])
    else:
        put(f"{name}.h1", cell(x, h))
        put(f"{name}.h1_unbatched", cell(x[0]))

# --- Scaled dot-product attention --------------------------------------------------------
q, k, v = randn(2, 2, 3, 4), randn(2, 2, 5, 4), randn(2, 2, 5, 4)
put("sdpa.q", q); put("sdpa.k", k); put("sdpa.v", v)
put("sdpa.causal", F.scaled_dot_product_attention(q, k, v, is_causal=True))
bool_mask = randn(3, 5) > 0
bool_mask[1] = False  # a fully masked query row gives zeros
put("sdpa.bool_mask", bool_mask.to(torch.uint8))
put("sdpa.bool", F.scaled_dot_product_attention(q, k, v, attn_mask=bool_mask))
float_mask = randn(2, 1, 3, 5)
put("sdpa.float_mask", float_mask)
put("sdpa.float_scaled", F.scaled_dot_product_attention(q, k, v, attn_mask=float_mask, scale=0.5))

# --- MultiheadAttention ----------------------------------------------------------------
torch.manual_seed(20)
m = nn.MultiheadAttention(8, 2)
q, k, v = randn(3, 2, 8), randn(4, 2, 8), randn(4, 2, 8)
kpm = torch.tensor([[False, False, True, False], [False, False, False, True]])
am = torch.tensor([[False, True, False, False], [False, False, False, False], [True, False, False, False]])
y, w = m(q, k, v, key_padding_mask=kpm, attn_mask=am)
y2, w2 = m(q, k, v, key_padding_mask=kpm, average_attn_weights=False)
fm = randn(3, 4)
y3, _ = m(q, k, v, attn_mask=fm, need_weights=False)
put_state("mha", m)
for key, val in dict(q=q, k=k, v=v, kpm=kpm.to(torch.uint8), am=am.to(torch.uint8), out=y, weights=w, out_heads=y2,
                     weights_heads=w2, float_mask=fm, out_float=y3).items():
    put(f"mha.{key}", val)

# Batch-first self-attention with a causal mask, without weights; unbatched input.
m = nn.MultiheadAttention(8, 2, batch_first=True)
x = randn(2, 4, 8)
causal = nn.Transformer.generate_square_subsequent_mask(4)
y, _ = m(x, x, x, attn_mask=causal, need_weights=False, is_causal=True)
xu = randn(4, 8)
yu, wu = m(xu, xu, xu)
put_state("mha_self", m)
for key, val in dict(x=x, out=y, xu=xu, out_unbatched=yu, weights_unbatched=wu).items():
    put(f"mha_self.{key}", val)

# bias_k/bias_v and a zero-attention key, built right after seed 9 (also the init check).
torch.manual_seed(9)
m = nn.MultiheadAttention(8, 2, add_bias_kv=True, add_zero_attn=True)
q, k, v = randn(3, 2, 8), randn(4, 2, 8), randn(4, 2, 8)
y, w = m(q, k, v, key_padding_mask=kpm, attn_mask=am)
y2, _ = m(q, k, v, key_padding_mask=kpm, need_weights=False)
put_state("mha_bias_kv", m)
for key, val in dict(q=q, k=k, v=v, out=y, weights=w, out_sdpa=y2).items():
    put(f"mha_bias_kv.{key}", val)

# Separate key/value sizes, no bias.
m = nn.MultiheadAttention(8, 2, kdim=5, vdim=6, bias=False)
q, k, v = randn(3, 2, 8), randn(4, 2, 5), randn(4, 2, 6)
y, w = m(q, k, v)
put_state("mha_kv", m)
for key, val in dict(q=q, k=k, v=v, out=y, weights=w).items():
    put(f"mha_kv.{key}", val)

# --- Transformer layers (eval mode, grad enabled: PyTorch's reference path) --------------
m = nn.TransformerEncoderLayer(8, 2, 16).eval()
src = randn(4, 2, 8)
src_kpm = torch.tensor([[False, False, False, True], [False, False, False, False]])
y = m(src, src_mask=causal, src_key_padding_mask=src_kpm)
put_state("enc_layer", m); put("enc_layer.src", src); put("enc_layer.kpm", src_kpm.to(torch.uint8)); put("enc_layer.out", y)

m = nn.TransformerEncoderLayer(8, 2, 16, activation="gelu", norm_first=True, batch_first=True).eval()
src = randn(2, 4, 8)
y = m(src)
put_state("enc_layer_pre", m); put("enc_layer_pre.src", src); put("enc_layer_pre.out", y)

torch.manual_seed(21)
m = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16), 2, norm=nn.LayerNorm(8),
                          enable_nested_tensor=False).eval()
src = randn(4, 2, 8)
y = m(src, mask=causal, src_key_padding_mask=src_kpm)
put_state("encoder", m); put("encoder.src", src); put("encoder.out", y)

m = nn.TransformerDecoderLayer(8, 2, 16).eval()
tgt, memory = randn(3, 2, 8), randn(4, 2, 8)
tgt_mask = nn.Transformer.generate_square_subsequent_mask(3)
y = m(tgt, memory, tgt_mask=tgt_mask, memory_key_padding_mask=src_kpm)
put_state("dec_layer", m); put("dec_layer.tgt", tgt); put("dec_layer.memory", memory); put("dec_layer.out", y)

m = nn.TransformerDecoder(nn.TransformerDecoderLayer(8, 2, 16, norm_first=True, batch_first=True), 2).eval()
tgt, memory = randn(2, 3, 8), randn(2, 4, 8)
y = m(tgt, memory, tgt_mask=tgt_mask, tgt_is_causal=True)
put_state("decoder", m); put("decoder.tgt", tgt); put("decoder.memory", memory); put("decoder.out", y)

# The whole nn.Transformer, built right after seed 8 (its state is also the init check).
torch.manual_seed(8)
m = nn.Transformer(8, 2, 1, 1, 16).eval()
src, tgt = randn(4, 2, 8), randn(3, 2, 8)
y = m(src, tgt, tgt_mask=tgt_mask, src_key_padding_mask=src_kpm, memory_key_padding_mask=src_kpm)
put_state("transformer", m); put("transformer.src", src); put("transformer.tgt", tgt); put("transformer.out", y)

# --- The transformer tutorial's positional encoding ---------------------------------------
d_model, max_len = 6, 10
position = torch.arange(max_len).unsqueeze(1)
div_term = torch.exp(torch.arange(0, d_model, 2) * (-math.log(10000.0) / d_model))
pe = torch.zeros(max_len, 1, d_model)
pe[:, 0, 0::2] = torch.sin(position * div_term)
pe[:, 0, 1::2] = torch.cos(position * div_term)
put("pos.pe", pe)

save_file(out, os.path.join(os.path.dirname(os.path.abspath(__file__)), "seq_layers.safetensors"), metadata=orders)
print(len(out), "tensors,", sum(t.numel() * t.element_size() for t in out.values()), "bytes")
