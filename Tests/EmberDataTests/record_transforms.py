# Records the values TransformTests checks, with torchvision's transforms written out in plain
# torch (torchvision is not installed here): ToTensor = permute + float().div(255); Normalize =
# sub_(mean).div_(std); RandomCrop = F.pad then torch.randint offsets; RandomHorizontalFlip =
# torch.rand(1) < p. Run: /tmp/torch/bin/python record_transforms.py
import torch
import torch.nn.functional as F

img = torch.tensor([[[0, 255, 128], [7, 64, 200]], [[1, 2, 3], [250, 251, 252]]], dtype=torch.uint8)  # HWC 2x2x3
x = img.permute(2, 0, 1).contiguous().to(torch.float32).div(255)
print("ToTensor", x.flatten().tolist())
m = torch.as_tensor([0.5, 0.25, 0.1]).view(-1, 1, 1)
s = torch.as_tensor([0.2, 0.3, 0.7]).view(-1, 1, 1)
print("Normalize", x.sub(m).div(s).flatten().tolist())
torch.manual_seed(0)
a = torch.arange(1, 10, dtype=torch.float32).view(1, 3, 3)
for _ in range(3):
    p = F.pad(a, [1, 1, 1, 1], mode="constant", value=0)
    h, w = p.shape[-2:]
    i = torch.randint(0, h - 2 + 1, size=(1,)).item()
    j = torch.randint(0, w - 2 + 1, size=(1,)).item()
    print("RandomCrop", i, j, p[..., i:i + 2, j:j + 2].flatten().tolist())
torch.manual_seed(3)
print("RandomHorizontalFlip", [bool(torch.rand(1) < 0.5) for _ in range(8)])
