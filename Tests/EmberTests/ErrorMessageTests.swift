import Testing
import Ember

// Each programming error stops the process with PyTorch's wording and the caller's
// file:line (the message is checked in the child's standard error).

@Suite struct ErrorMessageTests {
    @Test func broadcastMismatchNamesSizes() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.ones(2, 3) + Tensor.ones(4)
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1"))
    }

    @Test func viewErrorNamesCallerLine() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.ones(2, 3).view(4, 2)
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("shape '[4, 2]' is invalid for input of size 6"))
        #expect(stderr.contains("ErrorMessageTests.swift:"))
    }
}

/// Checks that an exit test's child wrote every message (PyTorch's exact wording) to stderr.
private func expectStderr(_ result: ExitTest.Result?, _ messages: String..., sourceLocation: SourceLocation = #_sourceLocation) {
    let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    for message in messages {
        #expect(stderr.contains(message), "stderr lacks: \(message)\n\(stderr)", sourceLocation: sourceLocation)
    }
}

// Messages recorded from PyTorch 2.15 (`str(exception)` of the line in each comment).
@Suite struct CoreOpErrorMessageTests {
    // MARK: dtype errors

    @Test func meanOfInt64() async {
        // torch.tensor([1, 2]).mean()
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor([1, 2]).mean() }
        expectStderr(r, "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Long",
                     "ErrorMessageTests.swift:")
    }

    @Test func subtractTwoBoolTensors() async {
        // torch.tensor([True, False]) - torch.tensor([True, True])
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor([true, false]) - Tensor([true, true]) }
        expectStderr(r, "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.")
    }

    @Test func subtractFromBoolTensor() async {
        // torch.tensor([True]) - 1
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor([true]) - 1 }
        expectStderr(r, "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.")
    }

    @Test func negateBoolTensor() async {
        // -torch.tensor([True])
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = -Tensor([true]) }
        expectStderr(r, "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.")
    }

    @Test func requiresGradOnIntegerTensor() async {
        // torch.tensor([1, 2], requires_grad=True)
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor([1, 2], requiresGrad: true) }
        expectStderr(r, "Only Tensors of floating point and complex dtype can require gradients", "ErrorMessageTests.swift:")
    }

    @Test func stdVarNormOfIntegers() async {
        // torch.tensor([1, 2]).std()
        let s = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor([1, 2]).std() }
        expectStderr(s, "std and var only support floating point and complex dtypes")
        // torch.tensor([1, 2]).norm()
        let n = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor([1, 2]).norm() }
        expectStderr(n, "linalg.vector_norm: Expected a floating point or complex tensor as input. Got Long")
    }

    @Test func absAndPowOfBool() async {
        // torch.tensor([True]).abs()
        let a = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor([true]).abs() }
        expectStderr(a, "\"abs_cpu\" not implemented for 'Bool'")
        // torch.tensor([True]) ** torch.tensor([True])
        let p = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor([true]) ** Tensor([true]) }
        expectStderr(p, "\"pow\" not implemented for 'Bool'")
    }

    @Test func whereNeedsBoolCondition() async {
        // torch.where(torch.tensor([1, 0]), torch.ones(2), torch.zeros(2))
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.where(Tensor([1, 0]), Tensor.ones(2), Tensor.zeros(2))
        }
        expectStderr(r, "where expected condition to be a boolean tensor, but got a tensor with dtype Long")
    }

    @Test func defaultDTypeMustBeFloat() async {
        // torch.set_default_dtype(torch.int64)
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { setDefaultDType(.int64) }
        expectStderr(r, "only floating-point types are supported as the default type")
    }

    // MARK: integer arithmetic

    @Test func integerDivisionByZero() async {
        // torch.tensor([1, 2]) // 0
        let d = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = floorDivide(Tensor([1, 2]), Tensor(0)) }
        expectStderr(d, "ZeroDivisionError")
        // torch.tensor([1, 2]) % 0
        let m = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor([1, 2]) % 0 }
        expectStderr(m, "ZeroDivisionError")
    }

    @Test func integerToNegativeScalarPower() async {
        // torch.tensor([2]) ** -1
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor([2]) ** -1 }
        expectStderr(r, "Integers to negative integer powers are not allowed.")
    }

    @Test func invalidRoundingMode() async {
        // torch.tensor([1.0, 2.0]).div(2, rounding_mode='round')
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor([1.0, 2.0]).div(2, roundingMode: "round")
        }
        expectStderr(r, "div expected rounding_mode to be one of None, 'trunc', or 'floor' but found 'round'")
    }

    // MARK: dims

    @Test func dimensionOutOfRange() async {
        // torch.ones(2, 3).sum(2)
        let s = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.ones(2, 3).sum(dim: 2) }
        expectStderr(s, "Dimension out of range (expected to be in range of [-2, 1], but got 2)", "ErrorMessageTests.swift:")
        // torch.ones(2, 3).softmax(-3)
        let n = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.ones(2, 3).softmax(dim: -3) }
        expectStderr(n, "Dimension out of range (expected to be in range of [-2, 1], but got -3)")
        // torch.tensor(1.0).sum(1)
        let z = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor(1.0).sum(dim: 1) }
        expectStderr(z, "Dimension out of range (expected to be in range of [-1, 0], but got 1)")
        // torch.ones(2).unsqueeze(2)
        let u = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.ones(2).unsqueeze(2) }
        expectStderr(u, "Dimension out of range (expected to be in range of [-2, 1], but got 2)")
    }

    @Test func repeatedReductionDim() async {
        // torch.ones(2).sum((0, 0))
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.ones(2).sum(dim: [0, 0]) }
        expectStderr(r, "dim 0 appears multiple times in the list of dims")
    }

    @Test func reductionsOfEmptyTensors() async {
        // torch.ones(0).max()
        let m = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.ones(0).max() }
        expectStderr(m, "max(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.")
        // torch.ones(2, 0).max(1)
        let d = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.ones(2, 0).max(dim: 1) }
        expectStderr(d, "max(): Expected reduction dim 1 to have non-zero size.")
        // torch.ones(0).argmax()
        let a = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.ones(0).argmax() }
        expectStderr(a, "argmax(): Expected reduction dim to be specified for input.numel() == 0.")
    }

    @Test func itemOfManyElements() async {
        // torch.tensor([1, 2, 3]).item()
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor([1, 2, 3]).item() }
        expectStderr(r, "a Tensor with 3 elements cannot be converted to Scalar")
    }

    @Test func clampNeedsABound() async {
        // torch.ones(3).clamp()
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.ones(3).clamp() }
        expectStderr(r, "torch.clamp: At least one of 'min' or 'max' must not be None")
    }

    // MARK: shapes

    @Test func viewOfNonContiguous() async {
        // torch.ones(2, 3).t().view(6)
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.ones(2, 3).t().view(6) }
        expectStderr(r, "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
                     "ErrorMessageTests.swift:")
    }

    @Test func viewShapeInference() async {
        // torch.ones(2, 3).view(-1, -1)
        let two = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.ones(2, 3).view(-1, -1) }
        expectStderr(two, "only one dimension can be inferred")
        // torch.ones(2, 3).view(4, -1)
        let bad = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.ones(2, 3).view(4, -1) }
        expectStderr(bad, "shape '[4, -1]' is invalid for input of size 6")
        // torch.ones(2, 3).reshape(4, 2)
        let re = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.ones(2, 3).reshape(4, 2) }
        expectStderr(re, "shape '[4, 2]' is invalid for input of size 6")
    }

    @Test func catMismatches() async {
        // torch.cat([torch.ones(2, 3), torch.ones(2, 4)])
        let size = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = cat([Tensor.ones(2, 3), Tensor.ones(2, 4)]) }
        expectStderr(size, "Sizes of tensors must match except in dimension 0. Expected size 3 but got size 4 for tensor number 1 in the list.")
        // torch.cat([torch.ones(2, 3), torch.ones(3)])
        let dims = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = cat([Tensor.ones(2, 3), Tensor.ones(3)]) }
        expectStderr(dims, "Tensors must have same number of dimensions: got 2 and 1")
        // torch.cat([])
        let empty = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = cat([]) }
        expectStderr(empty, "torch.cat(): expected a non-empty list of Tensors")
        // torch.cat([torch.tensor(1.0)])
        let zero = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = cat([Tensor(1.0)]) }
        expectStderr(zero, "zero-dimensional tensor (at position 0) cannot be concatenated")
    }

    @Test func stackMismatch() async {
        // torch.stack([torch.ones(2), torch.ones(3)])
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = stack([Tensor.ones(2), Tensor.ones(3)]) }
        expectStderr(r, "stack expects each tensor to be equal size, but got [2] at entry 0 and [3] at entry 1")
    }

    @Test func expandMismatches() async {
        // torch.ones(2, 3).expand(3, 3)
        let size = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.ones(2, 3).expand(3, 3) }
        expectStderr(size, "The expanded size of the tensor (3) must match the existing size (2) at non-singleton dimension 0.  Target sizes: [3, 3].  Tensor sizes: [2, 3]")
        // torch.ones(2, 3).expand(3)
        let few = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.ones(2, 3).expand(3) }
        expectStderr(few, "expand(torch.FloatTensor{[2, 3]}, size=[3]): the number of sizes provided (1) must be greater or equal to the number of dimensions in the tensor (2)")
        // torch.ones(3).expand(-1, 3)
        let lead = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.ones(3).expand(-1, 3) }
        expectStderr(lead, "The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension 0")
    }

    @Test func permuteErrors() async {
        // torch.ones(2, 3).permute(0)
        let count = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.ones(2, 3).permute(0) }
        expectStderr(count, "permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = 2 is not equal to len(dims) = 1")
        // torch.ones(2, 3).permute(0, 0)
        let dup = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.ones(2, 3).permute(0, 0) }
        expectStderr(dup, "permute(): duplicate dims are not allowed.")
    }

    @Test func splitChunkNarrowErrors() async {
        // torch.arange(7).split([2, 2])
        let split = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.arange(7).split([2, 2]) }
        expectStderr(split, "split_with_sizes expects split_sizes to sum exactly to 7 (input tensor's size at dimension 0), but got split_sizes=[2, 2]")
        // torch.ones(3).chunk(0)
        let chunk = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.ones(3).chunk(0) }
        expectStderr(chunk, "chunk expects `chunks` to be greater than 0, got: 0")
        // torch.ones(3).narrow(0, 2, 2)
        let narrow = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.ones(3).narrow(0, 2, 2) }
        expectStderr(narrow, "start (2) + length (2) exceeds dimension size (3).")
    }

    @Test func transposeFlattenRepeatErrors() async {
        // torch.ones(2, 3, 4).t()
        let t = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.ones(2, 3, 4).t() }
        expectStderr(t, "t() expects a tensor with <= 2 dimensions, but self is 3D")
        // torch.ones(2, 3).flatten(1, 0)
        let f = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.ones(2, 3).flatten(startDim: 1, endDim: 0) }
        expectStderr(f, "flatten() has invalid args: start_dim cannot come after end_dim")
        // torch.ones(2, 3).repeat(2)
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.ones(2, 3).repeat(2) }
        expectStderr(r, "Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor")
    }

    // MARK: creation

    @Test func raggedNestedArrays() async {
        // torch.tensor([[1, 2], [3, 4, 5]])
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor([[1, 2], [3, 4, 5]]) }
        expectStderr(r, "expected sequence of length 2 at dim 1 (got 3)", "ErrorMessageTests.swift:")
        // torch.tensor([[[1, 2], [3, 4]], [[1, 2], [3]]])
        let deep = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor([[[1, 2], [3, 4]], [[1, 2], [3]]]) }
        expectStderr(deep, "expected sequence of length 2 at dim 2 (got 1)")
    }

    @Test func flatBufferShapeMismatch() async {
        // torch.tensor([1, 2, 3, 4, 5, 6]).reshape(4)
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor([1, 2, 3, 4, 5, 6], shape: [4]) }
        expectStderr(r, "shape '[4]' is invalid for input of size 6")
    }

    @Test func factoryArgumentErrors() async {
        // torch.arange(0, 5, -1)
        let sign = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.arange(0, 5, step: -1) }
        expectStderr(sign, "upper bound and lower bound inconsistent with step sign")
        // torch.arange(0, 5, 0)
        let zero = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.arange(0, 5, step: 0) }
        expectStderr(zero, "step must be nonzero")
        // torch.empty(2, -1)
        let neg = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.empty([2, -1]) }
        expectStderr(neg, "Trying to create tensor with negative dimension -1: [2, -1]")
        // torch.eye(-1)
        let eye = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.eye(-1) }
        expectStderr(eye, "n must be greater or equal to 0, got -1")
        // torch.linspace(0, 1, steps=-1)
        let steps = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.linspace(0, 1, steps: -1) }
        expectStderr(steps, "number of steps must be non-negative")
    }

    // MARK: in-place

    @Test func inPlaceResultCannotBeCast() async {
        // torch.tensor([1, 2]).add_(1.5)
        let add = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { Tensor([1, 2]).add_(1.5) }
        expectStderr(add, "result type Float can't be cast to the desired output type Long", "ErrorMessageTests.swift:")
        // torch.tensor([1, 2]).div_(2)
        let div = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { Tensor([1, 2]).div_(2) }
        expectStderr(div, "result type Float can't be cast to the desired output type Long")
        // torch.tensor([1, 2]).add_(torch.tensor([1.5], dtype=torch.float64))
        let double = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            Tensor([1, 2]).add_(Tensor([1.5], dtype: .float64))
        }
        expectStderr(double, "result type Double can't be cast to the desired output type Long")
        // torch.tensor([True]).add_(1)
        let bool = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { Tensor([true]).add_(1) }
        expectStderr(bool, "result type Long can't be cast to the desired output type Bool")
    }

    @Test func inPlaceBroadcastShape() async {
        // torch.ones(3).add_(torch.ones(2, 3))
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { Tensor.ones(3).add_(Tensor.ones(2, 3)) }
        expectStderr(r, "output with shape [3] doesn't match the broadcast shape [2, 3]")
    }

    @Test func inPlaceIntoExpandedTensor() async {
        // torch.ones(3).expand(2, 3).add_(1)
        let add = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { Tensor.ones(3).expand(2, 3).add_(1) }
        expectStderr(add, "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.")
        // torch.ones(3).expand(2, 3).copy_(torch.zeros(2, 3))
        let copy = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            Tensor.ones(3).expand(2, 3).copy_(Tensor.zeros(2, 3))
        }
        expectStderr(copy, "unsupported operation: more than one element of the written-to tensor refers to a single memory location.")
    }
}
