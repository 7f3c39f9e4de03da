/// A value a `@Parameter` or `@Buffer` property can hold: `Tensor` or `Tensor?`.
public protocol TensorSlotValue {
    /// The tensor held, nil for an empty optional.
    var slotTensor: Tensor? { get }
    /// The same value with its tensor made a parameter (a leaf that requires grad).
    func asParameter() -> Self
}

extension Tensor: TensorSlotValue {
    public var slotTensor: Tensor? { self }
    public func asParameter() -> Tensor { Tensor._asParameter(self) }

    /// PyTorch's `nn.Parameter(t)`: a leaf that requires grad. A leaf is marked in place
    /// (the same object, so tied weights stay one tensor); a tensor with history is detached.
    static func _asParameter(_ t: Tensor) -> Tensor {
        if t.isLeaf {
            if !t.requiresGrad { t.requiresGrad_(true) }
            return t
        }
        return t.detach().requiresGrad_(true)
    }
}

extension Optional: TensorSlotValue where Wrapped == Tensor {
    public var slotTensor: Tensor? { self }
    public func asParameter() -> Tensor? { map { Tensor._asParameter($0) } }
}

/// What `Module`'s reflection reads from a property wrapper.
protocol ReflectedTensorSlot {
    var slotTensor: Tensor? { get }
    var isBuffer: Bool { get }
    var isPersistent: Bool { get }
}

/// Marks a stored property of a `Module` as a parameter (PyTorch's `nn.Parameter`):
/// `@Parameter var weight: Tensor`, `@Parameter var bias: Tensor?`. The tensor is made a
/// leaf that requires grad when assigned. Its name is the property's, snake_cased.
@propertyWrapper
public struct Parameter<Value: TensorSlotValue>: ReflectedTensorSlot {
    private var value: Value
    public var wrappedValue: Value {
        get { value }
        set { value = newValue.asParameter() }
    }
    public init(wrappedValue: Value) { value = wrappedValue.asParameter() }

    var slotTensor: Tensor? { value.slotTensor }
    var isBuffer: Bool { false }
    var isPersistent: Bool { true }
}

extension Parameter where Value == Tensor? {
    /// An optional parameter starts empty (`@Parameter var bias: Tensor?`).
    public init() { value = nil }
}

/// Marks a stored property of a `Module` as a buffer (PyTorch's `register_buffer`): state
/// that is saved and moved with the module but not trained, e.g. BatchNorm's
/// `@Buffer var runningMean: Tensor` (state-dict key `running_mean`).
/// `@Buffer(persistent: false)` leaves it out of `stateDict()`.
@propertyWrapper
public struct Buffer<Value: TensorSlotValue>: ReflectedTensorSlot {
    public var wrappedValue: Value
    public let persistent: Bool
    public init(wrappedValue: Value, persistent: Bool = true) {
        self.wrappedValue = wrappedValue
        self.persistent = persistent
    }

    var slotTensor: Tensor? { wrappedValue.slotTensor }
    var isBuffer: Bool { true }
    var isPersistent: Bool { persistent }
}

extension Buffer where Value == Tensor? {
    /// An optional buffer starts empty.
    public init(persistent: Bool = true) {
        wrappedValue = nil
        self.persistent = persistent
    }
}
