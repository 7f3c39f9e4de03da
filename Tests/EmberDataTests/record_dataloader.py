# Records the orders DataLoaderTests checks. Run: /tmp/torch/bin/python record_dataloader.py
import torch
from torch.utils.data import DataLoader, TensorDataset

g = torch.Generator(); g.manual_seed(3)
print("random_", [torch.empty((), dtype=torch.int64).random_(generator=g).item() for _ in range(3)])
ds = TensorDataset(torch.arange(10), torch.arange(10) * 10)
torch.manual_seed(7)
dl = DataLoader(ds, batch_size=3, shuffle=True)
for e in range(2): print("default generator", [b[0].tolist() for b in dl])
print("then rand", torch.rand(2).tolist())
g = torch.Generator().manual_seed(5)
dl = DataLoader(ds, batch_size=4, shuffle=True, generator=g, drop_last=True)
for e in range(2): print("own generator", [b[0].tolist() for b in dl])
print("then randperm", torch.randperm(5, generator=g).tolist())
torch.manual_seed(7)
dl = DataLoader(ds, batch_size=3, shuffle=False)
print("unshuffled", [b[0].tolist() for b in dl])
print("then rand", torch.rand(2).tolist())
