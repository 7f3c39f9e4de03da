import OrderedCollections

/// A training checkpoint: model weights, optimizer and scheduler state, the epoch, random
/// generator states and string metadata, in one safetensors file. Tensors are stored under
/// `model.<key>`, `optimizer.state.<index>.<name>`, `rng.generator` and `rng.default`; the
/// rest is JSON in the header's `__metadata__`, so any safetensors reader can inspect it.
///
/// Saving is atomic (temporary file in the same directory, write, `fsync`, rename, `fsync`
/// of the directory): a crash at any point leaves the previous checkpoint intact.
///
/// ```swift
/// // After each epoch:
/// try Checkpoint(model: model, optimizer: opt, scheduler: sched, epoch: epoch,
///                generator: g, metadata: ["run": "mnist"]).save(to: "run.ckpt.safetensors")
/// // To resume (`ember train --resume`):
/// let ck = try Checkpoint.load(from: "run.ckpt.safetensors")
/// try ck.restore(model: model, optimizer: opt, scheduler: sched, generator: g)
/// let firstEpoch = ck.epoch + 1
/// ```
public struct Checkpoint {
    /// `model.stateDict()` at save time.
    public var modelState: OrderedDictionary<String, Tensor>
    public var optimizerState: OptimizerState?
    public var schedulerState: LRSchedulerState?
    /// The epoch the checkpoint was taken after (the caller's convention).
    public var epoch: Int
    /// The state of the generator passed to `init`, if any (`Generator.getState()`).
    public var generatorState: Tensor?
    /// The default generator's state (`getRNGState()`), always recorded.
    public var defaultGeneratorState: Tensor?
    /// Free-form user metadata.
    public var metadata: [String: String]

    /// Captures the current state of a training run. Tensors are copied at save time, not
    /// here: the model's state dict aliases its parameters.
    public init(model: Module, optimizer: Optimizer? = nil, scheduler: LRScheduler? = nil, epoch: Int = 0,
                generator: Generator? = nil, metadata: [String: String] = [:]) {
        self.init(modelState: model.stateDict(), optimizerState: optimizer?.stateDict(), schedulerState: scheduler?.stateDict(),
                  epoch: epoch, generatorState: generator?.getState(), defaultGeneratorState: getRNGState(), metadata: metadata)
    }

    public init(modelState: OrderedDictionary<String, Tensor>, optimizerState: OptimizerState? = nil,
                schedulerState: LRSchedulerState? = nil, epoch: Int = 0, generatorState: Tensor? = nil,
                defaultGeneratorState: Tensor? = nil, metadata: [String: String] = [:]) {
        self.modelState = modelState
        self.optimizerState = optimizerState
        self.schedulerState = schedulerState
        self.epoch = epoch
        self.generatorState = generatorState
        self.defaultGeneratorState = defaultGeneratorState
        self.metadata = metadata
    }

    /// The environment variable tests set to kill the writer at a point of the save
    /// (`mid-write`, `before-fsync`, `before-rename`, `before-dir-fsync`).
    public static let crashVariable = "EMBER_CHECKPOINT_CRASH_AT"

    static let format = "ember.checkpoint"

    /// Writes the checkpoint atomically to `path` (a safetensors file).
    /// - Throws: `EmberIOError` when the file cannot be written.
    public func save(to path: String) throws {
        var tensors: OrderedDictionary<String, Tensor> = [:]
        for (key, t) in modelState { tensors["model." + key] = t }
        var header: OrderedDictionary<String, String> = ["format": Self.format, "version": "1", "epoch": String(epoch)]
        if let optimizerState {
            for index in optimizerState.state.keys.sorted() {
                for (name, t) in optimizerState.state[index]! { tensors["optimizer.state.\(index).\(name)"] = t }
            }
            header["optimizer"] = JSONValue.array(optimizerState.paramGroups.map { group in
                .object(["settings": .object(group.settings.mapValues(Self.encode)),
                         "params": .array(group.params.map { .int($0) })])
            }).serialized
        }
        if let s = schedulerState {
            header["scheduler"] = JSONValue.object([
                "last_epoch": .int(s.lastEpoch), "step_count": .int(s.stepCount),
                "base_lrs": .array(s.baseLrs.map(Self.encodeNumber)), "last_lrs": .array(s.lastLrs.map(Self.encodeNumber)),
            ]).serialized
        }
        if let generatorState { tensors["rng.generator"] = generatorState }
        if let defaultGeneratorState { tensors["rng.default"] = defaultGeneratorState }
        header["user"] = JSONValue.object(OrderedDictionary(uniqueKeysWithValues: metadata.sorted { $0.key < $1.key }
            .map { ($0.key, JSONValue.string($0.value)) })).serialized
        try Safetensors.write(tensors, metadata: header, to: path, crashVariable: Self.crashVariable)
    }

    /// Reads a checkpoint written by `save(to:)`.
    /// - Throws: `EmberIOError` for a file that is not a readable checkpoint.
    public static func load(from path: String) throws -> Checkpoint {
        let (tensors, header) = try loadSafetensors(from: path)
        func fail(_ message: String) -> EmberIOError { EmberIOError("checkpoint: \(message)", path: path) }
        guard header["format"] == format else { throw fail("not an Ember checkpoint (no format \"\(format)\" in its metadata)") }
        guard header["version"] == "1" else { throw fail("unsupported version \(header["version"] ?? "(none)")") }
        guard let epoch = header["epoch"].flatMap({ Int($0) }) else { throw fail("missing or invalid epoch") }
        var checkpoint = Checkpoint(modelState: [:], epoch: epoch)
        var optimizerTensors: [Int: OrderedDictionary<String, Tensor>] = [:]
        for (key, t) in tensors {
            if key.hasPrefix("model.") {
                checkpoint.modelState[String(key.dropFirst(6))] = t
            } else if key.hasPrefix("optimizer.state.") {
                let rest = key.dropFirst("optimizer.state.".count)
                guard let dot = rest.firstIndex(of: "."), let index = Int(rest[..<dot]) else { throw fail("bad tensor name \"\(key)\"") }
                optimizerTensors[index, default: [:]][String(rest[rest.index(after: dot)...])] = t
            } else if key == "rng.generator" {
                checkpoint.generatorState = t
            } else if key == "rng.default" {
                checkpoint.defaultGeneratorState = t
            } else {
                throw fail("unexpected tensor \"\(key)\"")
            }
        }
        do {
            if let text = header["optimizer"] {
                guard let groups = try JSONParser.parse(text).array else { throw fail("optimizer metadata is not a list") }
                var decoded: [OptimizerState.Group] = []
                for g in groups {
                    guard let settings = g.object?["settings"]?.object, let params = g.object?["params"]?.array else {
                        throw fail("optimizer group needs settings and params")
                    }
                    var s: OrderedDictionary<String, OptimizerSetting> = [:]
                    for (k, v) in settings {
                        guard let value = decode(v) else { throw fail("optimizer setting \"\(k)\" is invalid") }
                        s[k] = value
                    }
                    let indices = params.compactMap(\.int)
                    guard indices.count == params.count else { throw fail("optimizer params must be integers") }
                    decoded.append(OptimizerState.Group(settings: s, params: indices))
                }
                checkpoint.optimizerState = OptimizerState(state: optimizerTensors, paramGroups: decoded)
            } else if !optimizerTensors.isEmpty {
                throw fail("optimizer state tensors without optimizer metadata")
            }
            if let text = header["scheduler"] {
                guard let o = try JSONParser.parse(text).object, let last = o["last_epoch"]?.int, let steps = o["step_count"]?.int,
                      let base = o["base_lrs"]?.array?.compactMap(decodeNumber), let lrs = o["last_lrs"]?.array?.compactMap(decodeNumber),
                      base.count == o["base_lrs"]?.array?.count, lrs.count == o["last_lrs"]?.array?.count else {
                    throw fail("scheduler metadata is invalid")
                }
                checkpoint.schedulerState = LRSchedulerState(lastEpoch: last, stepCount: steps, baseLrs: base, lastLrs: lrs)
            }
            if let text = header["user"] {
                guard let o = try JSONParser.parse(text).object else { throw fail("user metadata is not an object") }
                for (k, v) in o {
                    guard let s = v.string else { throw fail("user metadata \"\(k)\" is not a string") }
                    checkpoint.metadata[k] = s
                }
            }
        } catch let error as EmberIOError where error.path == nil {
            throw fail(error.message)
        }
        return checkpoint
    }

    /// Puts the saved state back: the model's weights (by key, strictly), the optimizer's
    /// state and settings, the scheduler's progress, `generator`'s state, and the default
    /// generator's state unless `restoreDefaultGenerator` is false.
    ///
    /// - Throws: `StateDictError` when the model does not match, `OptimizerStateError` when
    ///   the optimizer's groups differ, `EmberIOError` when something asked for was not saved
    ///   or a generator state is malformed.
    public func restore(model: Module, optimizer: Optimizer? = nil, scheduler: LRScheduler? = nil,
                        generator: Generator? = nil, restoreDefaultGenerator: Bool = true) throws {
        if optimizer != nil && optimizerState == nil { throw EmberIOError("checkpoint has no optimizer state") }
        if scheduler != nil && schedulerState == nil { throw EmberIOError("checkpoint has no scheduler state") }
        if generator != nil && generatorState == nil { throw EmberIOError("checkpoint has no generator state") }
        for state in [generatorState, defaultGeneratorState].compactMap({ $0 }) {
            guard state.dtype == .uint8, state.shape == [5056] else {
                throw EmberIOError("checkpoint generator state has dtype \(state.dtype) and shape \(state.shape), not uint8 [5056]")
            }
        }
        try model.loadStateDict(modelState)
        if let optimizer, let optimizerState { try optimizer.loadStateDict(optimizerState) }
        if let scheduler, let schedulerState { scheduler.loadStateDict(schedulerState) }
        if let generator, let generatorState { generator.setState(generatorState) }
        if restoreDefaultGenerator, let defaultGeneratorState { setRNGState(defaultGeneratorState) }
    }

    // MARK: - Settings as JSON (non-finite numbers as strings)

    private static func encodeNumber(_ v: Double) -> JSONValue {
        v.isFinite ? .double(v) : .string(v.isNaN ? "nan" : v > 0 ? "inf" : "-inf")
    }

    private static func decodeNumber(_ v: JSONValue) -> Double? {
        if let n = v.number { return n }
        switch v.string {
        case "nan": return .nan
        case "inf": return .infinity
        case "-inf": return -.infinity
        default: return nil
        }
    }

    private static func encode(_ setting: OptimizerSetting) -> JSONValue {
        switch setting {
        case .number(let v): encodeNumber(v)
        case .flag(let b): .bool(b)
        case .tuple(let values): .array(values.map(encodeNumber))
        }
    }

    private static func decode(_ v: JSONValue) -> OptimizerSetting? {
        if case .bool(let b) = v { return .flag(b) }
        if let items = v.array {
            let values = items.compactMap(decodeNumber)
            return values.count == items.count ? .tuple(values) : nil
        }
        return decodeNumber(v).map { .number($0) }
    }
}
