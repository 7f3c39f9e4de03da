"""Writes lenet_fixture.safetensors for LeNetTests.swift (run with PyTorch 2.15):

    /tmp/torch/bin/python Tests/EmberNNTests/Fixtures/make_lenet_fixture.py

A LeNet-style CNN (conv 1->6 5x5, relu, maxpool 2, conv 6->16 5x5, relu, maxpool 2,
flatten, linear 256->120, relu, linear 120->84, relu, linear 84->10) on 28x28 inputs,
seeded, with PyTorch's default initialisation. The file holds (safetensors layout: an
8-byte little-endian header length, a JSON header, then raw little-endian data):

- the initial state dict under its PyTorch keys (conv1.weight, ..., fc3.bias), float32;
- `images`: uint8 [20, 8, 1, 28, 28] (noise plus a block placed by the label; the model
  reads images.float() / 255),
  `labels`: int64 [20, 8];
- `losses_sgd`: float64 [20], the cross-entropy loss before each of 20 steps of
  SGD(lr=0.05, momentum=0.9) on batch i; `losses_adam`: the same with Adam(lr=1e-3).
"""
import json
import os
import struct

import torch
import torch.nn as nn
import torch.nn.functional as F

STEPS, BATCH = 20, 8


class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(256, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


def train(initial, images, labels, make_optimizer):
    model = LeNet()
    model.load_state_dict(initial)
    optimizer = make_optimizer(model.parameters())
    losses = []
    for i in range(STEPS):
        x = images[i].float() / 255
        loss = F.cross_entropy(model(x), labels[i])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def write_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    names = {torch.float32: "F32", torch.float64: "F64", torch.int64: "I64", torch.uint8: "U8"}
    for name, t in tensors.items():
        data = t.contiguous().numpy().tobytes()
        header[name] = {"dtype": names[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    encoded = json.dumps(header, separators=(",", ":")).encode()
    encoded += b" " * (-len(encoded) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(encoded)))
        f.write(encoded)
        for blob in blobs:
            f.write(blob)


def main():
    torch.manual_seed(0)
    torch.set_num_threads(1)
    initial = {k: v.clone() for k, v in LeNet().state_dict().items()}
    # Noise plus a bright 8x8 block whose place depends on the label, so the loss falls.
    labels = torch.randint(0, 10, (STEPS, BATCH), dtype=torch.int64)
    images = torch.randint(0, 100, (STEPS, BATCH, 1, 28, 28), dtype=torch.uint8)
    for i in range(STEPS):
        for j in range(BATCH):
            c = labels[i, j].item()
            r, k = (c // 5) * 14 + 3, (c % 5) * 5 + 1
            images[i, j, 0, r:r + 8, k:k + 8] += 155
    sgd = train(initial, images, labels, lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9))
    adam = train(initial, images, labels, lambda p: torch.optim.Adam(p, lr=1e-3))
    tensors = dict(initial)
    tensors.update(images=images, labels=labels,
                   losses_sgd=torch.tensor(sgd, dtype=torch.float64),
                   losses_adam=torch.tensor(adam, dtype=torch.float64))
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lenet_fixture.safetensors")
    write_safetensors(path, tensors)
    print("sgd", sgd)
    print("adam", adam)


if __name__ == "__main__":
    main()
