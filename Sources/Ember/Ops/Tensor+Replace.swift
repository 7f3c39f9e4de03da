extension Tensor {
    /// PyTorch's `tensor.data`: reading gives a detached alias (same storage, no history);
    /// assigning swaps this tensor's storage, layout and dtype for `newValue`'s in place, so
    /// every holder of this Tensor object (an optimizer, a tied module) sees the new data.
    /// `Module.to(_:)` moves and converts parameters this way. Autograd flags are kept;
    /// the gradient is left as it is (convert it separately).
    public var data: Tensor {
        get { detach() }
        set {
            storage = newValue.storage
            shape = newValue.shape
            strides = newValue.strides
            storageOffset = newValue.storageOffset
            dtype = newValue.dtype
            if leafRequiresGrad && !dtype.isFloatingPoint { leafRequiresGrad = false }
        }
    }
}
