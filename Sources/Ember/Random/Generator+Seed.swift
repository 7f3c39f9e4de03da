extension Generator {
    /// `torch.empty((), dtype=torch.int64).random_(generator=g).item()`: one 64-bit draw
    /// reduced to [0, 2^63), as PyTorch's `uniform_int<int64_t>` does. DataLoader draws its
    /// per-epoch seeds this way, so shuffles (and the generator's state) match PyTorch's.
    package func randomInt64() -> Int64 {
        withLock { Int64(bitPattern: random64() & (UInt64.max >> 1)) }
    }
}
