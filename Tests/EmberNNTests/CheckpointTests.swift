import Foundation
import OrderedCollections
import Testing
import EmberNN

private final class TinyNet: Module {
    let fc1 = Linear(3, 4)
    let fc2 = Linear(4, 2)
    override func forward(_ x: Tensor) -> Tensor { fc2(relu(fc1(x))) }
}

/// A training run whose randomness comes only from its own generator, so tests running in
/// parallel (which share the default generator) cannot disturb it.
private struct Run {
    let model = TinyNet()
    let optimizer: Adam
    let scheduler: StepLR
    let generator = Generator(seed: 42)

    init() {
        optimizer = Adam(model.parameters(), lr: 0.05)
        scheduler = StepLR(optimizer, stepSize: 2, gamma: 0.5)
    }

    /// `steps` steps on random data; returns each step's loss.
    func train(steps: Int) -> [Double] {
        (0..<steps).map { _ in
            let x = Tensor.randn([8, 3], generator: generator)
            let y = Tensor.randn([8, 2], generator: generator)
            let loss = ((model(x) - y) * (model(x) - y)).mean()
            optimizer.zeroGrad()
            loss.backward()
            optimizer.step()
            scheduler.step()
            return loss.item()
        }
    }

    func checkpoint(epoch: Int) -> Checkpoint {
        Checkpoint(model: model, optimizer: optimizer, scheduler: scheduler, epoch: epoch, generator: generator,
                   metadata: ["run": "tiny", "note": "ünïcode \"quoted\""])
    }

    func restore(_ ck: Checkpoint) throws {
        try ck.restore(model: model, optimizer: optimizer, scheduler: scheduler, generator: generator,
                       restoreDefaultGenerator: false)
    }
}

/// Where a crash test keeps its checkpoint: the parent names it by its pid, the exit-test
/// child (a process the parent spawned) by its parent's.
private func crashDirectory(_ point: String, child: Bool) -> String {
    "/tmp/ember-ckpt-crash-\(child ? getppid() : getpid())-\(point)"
}

/// The child's body: trains a different run and saves over the checkpoint, dying at `point`.
private func crashingSave(_ point: String) throws {
    let run = Run()
    _ = run.train(steps: 5)
    setenv(Checkpoint.crashVariable, point, 1)
    try run.checkpoint(epoch: 99).save(to: crashDirectory(point, child: true) + "/run.safetensors")
}

@Suite struct CheckpointTests {
    @Test func resumingGivesTheSameLossesAsNotStopping() throws {
        let path = NSTemporaryDirectory() + "ckpt-\(UUID().uuidString).safetensors"
        let original = Run()
        _ = original.train(steps: 3)
        try original.checkpoint(epoch: 3).save(to: path)
        let expected = original.train(steps: 4)

        let ck = try Checkpoint.load(from: path)
        #expect(ck.epoch == 3)
        #expect(ck.metadata == ["run": "tiny", "note": "ünïcode \"quoted\""])
        #expect(ck.schedulerState == LRSchedulerState(lastEpoch: 3, stepCount: 4, baseLrs: [0.05], lastLrs: [0.025]))
        #expect(ck.optimizerState!.paramGroups[0].settings["betas"] == [0.9, 0.999])
        #expect(Array(ck.optimizerState!.state[0]!.keys) == ["step", "exp_avg", "exp_avg_sq"])
        let resumed = Run()
        try resumed.restore(ck)
        #expect(resumed.optimizer.paramGroups[0].lr == 0.025)
        #expect(resumed.train(steps: 4) == expected)
        for (key, t) in original.model.stateDict() { #expect(resumed.model.stateDict()[key]!.equal(t), "\(key)") }
    }

    @Test func restoreRejectsWhatWasNotSaved() throws {
        let path = NSTemporaryDirectory() + "ckpt-\(UUID().uuidString).safetensors"
        let run = Run()
        try Checkpoint(model: run.model, epoch: 1).save(to: path)
        let ck = try Checkpoint.load(from: path)
        #expect(ck.optimizerState == nil && ck.schedulerState == nil && ck.generatorState == nil)
        #expect(throws: EmberIOError("checkpoint has no optimizer state")) { try ck.restore(model: run.model, optimizer: run.optimizer) }
        #expect(throws: StateDictError.self) { try ck.restore(model: Linear(2, 2)) }
        // A plain safetensors file is not a checkpoint.
        try save(["w": Tensor([1.0])], to: path)
        #expect(throws: EmberIOError("checkpoint: not an Ember checkpoint (no format \"ember.checkpoint\" in its metadata)", path: path)) {
            _ = try Checkpoint.load(from: path)
        }
    }

    /// SIGKILL at each point of the atomic write: the previous checkpoint still loads and
    /// resumes exactly.
    @Test(arguments: ["mid-write", "before-fsync", "before-rename"])
    func aCrashDuringSaveLeavesThePreviousCheckpoint(point: String) async throws {
        let dir = crashDirectory(point, child: false)
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/run.safetensors"
        let original = Run()
        _ = original.train(steps: 2)
        try original.checkpoint(epoch: 2).save(to: path)
        let expected = original.train(steps: 3)

        switch point {
        case "mid-write": await #expect(processExitsWith: .signal(SIGKILL)) { try crashingSave("mid-write") }
        case "before-fsync": await #expect(processExitsWith: .signal(SIGKILL)) { try crashingSave("before-fsync") }
        default: await #expect(processExitsWith: .signal(SIGKILL)) { try crashingSave("before-rename") }
        }

        // The half-written temporary file is left beside it; the checkpoint is the old one.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).count == 2)
        let ck = try Checkpoint.load(from: path)
        #expect(ck.epoch == 2)
        let resumed = Run()
        try resumed.restore(ck)
        #expect(resumed.train(steps: 3) == expected)
    }

    /// After the rename the new checkpoint is complete, even if the directory sync never ran.
    @Test func aCrashAfterTheRenameLeavesTheNewCheckpoint() async throws {
        let dir = crashDirectory("before-dir-fsync", child: false)
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Run().checkpoint(epoch: 2).save(to: dir + "/run.safetensors")
        await #expect(processExitsWith: .signal(SIGKILL)) { try crashingSave("before-dir-fsync") }
        #expect(try Checkpoint.load(from: dir + "/run.safetensors").epoch == 99)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["run.safetensors"])
    }
}
