"""Writes seq_parity.safetensors for SequenceParityTests: two small language models'
initial weights (as PyTorch draws them), 20 fixed token batches, and PyTorch's loss at
each of 20 training steps.

- lstm_*: Embedding(50, 16) -> LSTM(16, 32, batch_first) -> Linear(32, 50), trained with
  SGD(lr=0.5, momentum=0.9) and with Adam(lr=1e-2) from the same weights.
- tf_*: Embedding(50, 16) * sqrt(16) -> the tutorial's PositionalEncoding -> a 2-layer
  TransformerEncoder (d_model 16, 2 heads, feed-forward 32, dropout 0, batch_first, causal
  mask) -> Linear(16, 50), trained with Adam(lr=1e-2).

Batches: `tokens` int64 [20, 4, 13], rows counting up mod 50 by a stride of 1-3; step i feeds tokens[i, :, :12] and predicts
tokens[i, :, 1:] with cross-entropy over all 48 positions.
Run with the PyTorch venv: /tmp/torch/bin/python gen_seq_parity.py
"""
import math
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
from safetensors.torch import save_file

VOCAB, EMB, HIDDEN, SEQ, BATCH, STEPS = 50, 16, 32, 12, 4, 20


class LSTMLM(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(VOCAB, EMB)
        self.lstm = nn.LSTM(EMB, HIDDEN, batch_first=True)
        self.head = nn.Linear(HIDDEN, VOCAB)

    def forward(self, x):
        h, _ = self.lstm(self.embedding(x))
        return self.head(h)


class PositionalEncoding(nn.Module):
    """The PyTorch transformer tutorial's, batch first."""

    def __init__(self, d_model, dropout=0.1, max_len=5000):
        super().__init__()
        self.dropout = nn.Dropout(p=dropout)
        position = torch.arange(max_len).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, d_model, 2) * (-math.log(10000.0) / d_model))
        pe = torch.zeros(max_len, 1, d_model)
        pe[:, 0, 0::2] = torch.sin(position * div_term)
        pe[:, 0, 1::2] = torch.cos(position * div_term)
        self.register_buffer("pe", pe)

    def forward(self, x):
        return self.dropout(x + self.pe[: x.size(1)].transpose(0, 1))


class TransformerLM(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(VOCAB, EMB)
        self.pos_encoder = PositionalEncoding(EMB, dropout=0.0, max_len=64)
        layer = nn.TransformerEncoderLayer(EMB, 2, dim_feedforward=32, dropout=0.0, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
        self.head = nn.Linear(EMB, VOCAB)

    def forward(self, x):
        mask = nn.Transformer.generate_square_subsequent_mask(x.size(1))
        h = self.pos_encoder(self.embedding(x) * math.sqrt(EMB))
        return self.head(self.encoder(h, mask=mask, is_causal=True))


def train(model, optimizer, tokens):
    losses = []
    for i in range(STEPS):
        x, y = tokens[i, :, :SEQ], tokens[i, :, 1:]
        loss = F.cross_entropy(model(x).reshape(-1, VOCAB), y.reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return torch.tensor(losses, dtype=torch.float64)


out = {}
torch.manual_seed(0)
# Learnable sequences: each row counts up from a random start by a random stride (1-3).
starts = torch.randint(0, VOCAB, (STEPS, BATCH, 1))
strides = torch.randint(1, 4, (STEPS, BATCH, 1))
tokens = (starts + strides * torch.arange(SEQ + 1)) % VOCAB
out["tokens"] = tokens

torch.manual_seed(1)
lstm = LSTMLM()
for k, v in lstm.state_dict().items():
    out[f"lstm.{k}"] = v.clone()
start = {k: v.clone() for k, v in lstm.state_dict().items()}
out["lstm_losses_sgd"] = train(lstm, torch.optim.SGD(lstm.parameters(), lr=0.5, momentum=0.9), tokens)
lstm.load_state_dict(start)
out["lstm_losses_adam"] = train(lstm, torch.optim.Adam(lstm.parameters(), lr=1e-2), tokens)

torch.manual_seed(2)
tf = TransformerLM()
for k, v in tf.state_dict().items():
    out[f"tf.{k}"] = v.clone()
out["tf_losses_adam"] = train(tf, torch.optim.Adam(tf.parameters(), lr=1e-2), tokens)

# safetensors sorts its keys; the state-dict orders are kept in the metadata.
orders = {"lstm": ",".join(LSTMLM().state_dict().keys()), "tf": ",".join(tf.state_dict().keys())}
save_file({k: v.contiguous() for k, v in out.items()},
          os.path.join(os.path.dirname(os.path.abspath(__file__)), "seq_parity.safetensors"), metadata=orders)
print({k: v[[0, -1]].tolist() for k, v in out.items() if "losses" in k})
