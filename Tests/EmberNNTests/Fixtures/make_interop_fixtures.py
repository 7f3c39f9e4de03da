"""Writes the fixtures of InteropTests.swift (torch 2.15, safetensors 0.8):

    /tmp/torch/bin/python Tests/EmberNNTests/Fixtures/make_interop_fixtures.py

A small net (Conv2d(1, 3, 3, padding=1) -> BatchNorm2d(3) -> relu -> flatten ->
Linear(48, 5)), seeded, with random BatchNorm running statistics, saved by PyTorch itself:

- interop_net.safetensors: safetensors.torch.save_file(model.state_dict(), ...)
- interop_net.pt: torch.save(model.state_dict(), ...)
- interop_io.safetensors: x, float32 [2, 1, 4, 4], and y = model.eval()(x), float32 [2, 5]
"""
import os

import safetensors.torch
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 3, 3, padding=1)
        self.bn = nn.BatchNorm2d(3)
        self.fc = nn.Linear(48, 5)

    def forward(self, x):
        return self.fc(torch.flatten(F.relu(self.bn(self.conv(x))), 1))


def main():
    torch.manual_seed(0)
    model = Net()
    with torch.no_grad():
        model.bn.running_mean.uniform_(-0.5, 0.5)
        model.bn.running_var.uniform_(0.5, 2.0)
        model.bn.weight.uniform_(0.5, 1.5)
        model.bn.bias.uniform_(-0.2, 0.2)
        model.bn.num_batches_tracked.fill_(12)
    model.eval()
    x = torch.randn(2, 1, 4, 4)
    with torch.no_grad():
        y = model(x)
    safetensors.torch.save_file(model.state_dict(), os.path.join(HERE, "interop_net.safetensors"))
    torch.save(model.state_dict(), os.path.join(HERE, "interop_net.pt"))
    safetensors.torch.save_file({"x": x, "y": y}, os.path.join(HERE, "interop_io.safetensors"))
    print(list(model.state_dict().keys()))
    print(y)


if __name__ == "__main__":
    main()
