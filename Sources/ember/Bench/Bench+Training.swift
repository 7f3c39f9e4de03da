#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Ember
import EmberData
import EmberNN

/// Whole training runs, the same work as `linreg.py`, `mnist_mlp.py` (its DataLoader run) and
/// `mnist_cnn.py` in `../shared/bench/reference/`.
extension BenchFigure {
    static var training: [BenchFigure] {
        [
            BenchFigure(key: "linreg_100_epochs_ms") { timer in try linearRegressionMilliseconds(timer) },
            // A child process, so the peak RSS is the MLP run's alone (as the script's is).
            BenchFigure(keys: ["mnist_mlp_epoch_s", "mnist_mlp_test_acc_3ep", "mnist_mlp_peak_rss_mb"]) { _ in
                try runChild(["bench", "--child", "mnist_mlp"], expecting: 3)
            },
            BenchFigure(keys: ["mnist_cnn_100steps_s", "mnist_cnn_epoch_s", "mnist_cnn_test_acc_1ep"]) { _ in
                try mnistCNNRun()
            },
        ]
    }

    /// linreg.py's autograd variant: 100 epochs of full-batch gradient descent on 100 points.
    private static func linearRegressionMilliseconds(_ timer: BenchTimer) throws -> Double {
        manualSeed(42)
        let x = Tensor.randn(100, 1)
        let y = 3 * x + 2 + 0.5 * Tensor.randn(100, 1)
        func train() -> (w: Double, b: Double, loss: Double) {
            let w = Tensor.zeros(1, requiresGrad: true), b = Tensor.zeros(1, requiresGrad: true)
            var loss = Tensor(0.0)
            for _ in 0..<100 {
                let pred = x * w + b
                loss = ((pred - y) ** 2).mean()
                loss.backward()
                noGrad {
                    w -= 0.01 * w.grad!
                    b -= 0.01 * b.grad!
                }
                w.grad!.zero_()
                b.grad!.zero_()
            }
            return (w.item(), b.item(), loss.item())
        }
        // The script's result for this seed: w ≈ 2.61, b ≈ 1.80 after 100 epochs.
        let (w, b, _) = train()
        if Swift.abs(w - 2.61) > 0.05 || Swift.abs(b - 1.80) > 0.05 {
            throw BenchCheckFailed("linreg", "w \(w), b \(b)")
        }
        return timer.median(inner: 20) { _ = train() } * 1e3
    }

    /// MNIST normalised once up front, as the scripts prepare it: `(x/255 - 0.1307) / 0.3081`.
    /// In place, so the 188 MB training set exists once (the peak RSS figure counts it).
    static func normalisedMNIST(train: Bool, imageShape: [Int]) throws -> (Tensor, Tensor) {
        let set = try MNIST(root: nil, train: train)
        let images = set.data.to(.float32)
        images.div_(255).sub_(0.1307).div_(0.3081)
        return (images.reshape([set.count] + imageShape), set.targets)
    }

    /// Fraction of `x` classified as `y`, in batches of 1000 with grad off.
    static func accuracy(_ model: Module, _ x: Tensor, _ y: Tensor) -> Double {
        model.eval()
        defer { model.train() }
        var correct = 0
        noGrad {
            for start in stride(from: 0, to: x.shape[0], by: 1000) {
                let end = Swift.min(start + 1000, x.shape[0])
                let predicted = model(x[start..<end]).argmax(dim: 1)
                correct += Int((predicted .== y[start..<end]).sum().item())
            }
        }
        return Double(correct) / Double(x.shape[0])
    }

    /// mnist_mlp.py's DataLoader run: 784-400-10, Adam 1e-3, batch 100, shuffled, seed 0,
    /// three epochs. Returns the median of epochs 2–3 (s), test accuracy after epoch 3 and
    /// the process's peak RSS (MB).
    static func mnistMLP() throws -> [Double] {
        let (xTrain, yTrain) = try normalisedMNIST(train: true, imageShape: [784])
        let (xTest, yTest) = try normalisedMNIST(train: false, imageShape: [784])
        manualSeed(0)
        let model = Sequential(Linear(784, 400), ReLU(), Linear(400, 10))
        let optimizer = Adam(model.parameters(), lr: 1e-3)
        let criterion = CrossEntropyLoss()
        let loader = DataLoader(TensorDataset(xTrain, yTrain), batchSize: 100, shuffle: true)
        var epochSeconds: [Double] = []
        for epoch in 1...3 {
            let start = monotonicSeconds()
            var total = 0.0
            for (xb, yb) in loader {
                optimizer.zeroGrad()
                let loss = criterion(model(xb), yb)
                loss.backward()
                optimizer.step()
                total += loss.item()
            }
            epochSeconds.append(monotonicSeconds() - start)
            if !total.isFinite { throw BenchCheckFailed("mnist_mlp", "loss \(total) in epoch \(epoch)") }
        }
        let acc = accuracy(model, xTest, yTest)
        // PyTorch reaches 0.975 here; far below means the run is wrong, not slow.
        if acc < 0.96 { throw BenchCheckFailed("mnist_mlp", "test accuracy \(acc)") }
        return [(epochSeconds[1] + epochSeconds[2]) / 2, acc, peakRSSMegabytes()]
    }

    /// mnist_cnn.py: the examples/mnist CNN, Adam 1e-3, batch 64, shuffled index slicing.
    /// Seconds per 100 steps (median of the 100-step blocks after 10 warm-up steps), the
    /// epoch's training time (sum of the blocks and the rest) and the test accuracy after it.
    /// `EMBER_BENCH_CNN_STEPS` shortens the epoch (CI smoke; accuracy is then not checked).
    static func mnistCNNRun() throws -> [Double] {
        let (xTrain, yTrain) = try normalisedMNIST(train: true, imageShape: [1, 28, 28])
        let (xTest, yTest) = try normalisedMNIST(train: false, imageShape: [1, 28, 28])
        let n = xTrain.shape[0], batch = 64
        let stepsPerEpoch = (n + batch - 1) / batch
        let stopAt = getenv("EMBER_BENCH_CNN_STEPS").flatMap { Int(String(cString: $0)) } ?? stepsPerEpoch
        manualSeed(0)
        let model = mnistCNN()
        let optimizer = Adam(model.parameters(), lr: 1e-3)
        let criterion = CrossEntropyLoss()
        let perm = Tensor.randperm(n)
        var blocks: [Double] = []
        var trainTime = 0.0
        var blockStart = monotonicSeconds()
        var step = 0
        while step < Swift.min(stopAt, stepsPerEpoch) {
            let idx = perm[(step * batch)..<Swift.min((step + 1) * batch, n)]
            optimizer.zeroGrad()
            let loss = criterion(model(xTrain[idx]), yTrain[idx])
            loss.backward()
            optimizer.step()
            if !loss.item().isFinite { throw BenchCheckFailed("mnist_cnn", "loss at step \(step)") }
            step += 1
            if step == 10 || (step > 10 && (step - 10) % 100 == 0) || step == stopAt || step == stepsPerEpoch {
                let now = monotonicSeconds()
                trainTime += now - blockStart
                if step > 10 && (step - 10) % 100 == 0 { blocks.append(now - blockStart) }
                blockStart = now
            }
        }
        let per100 = blocks.isEmpty ? Double.nan : blocks.sorted()[blocks.count / 2]
        guard step == stepsPerEpoch else { return [per100, .nan, .nan] }
        let acc = accuracy(model, xTest, yTest)
        if acc < 0.97 { throw BenchCheckFailed("mnist_cnn", "test accuracy \(acc)") }
        return [per100, trainTime, acc]
    }

    /// The process's peak resident memory in MB. On Linux it is VmHWM, this process's own
    /// high-water mark: `ru_maxrss` of a spawned child also holds its parent's peak (the
    /// kernel carries it across exec), which would count the bench's earlier figures.
    static func peakRSSMegabytes() -> Double {
        #if os(Linux)
        if let file = fopen("/proc/self/status", "r") {
            defer { fclose(file) }
            var line = [CChar](repeating: 0, count: 256)
            while fgets(&line, Int32(line.count), file) != nil {
                let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if text.hasPrefix("VmHWM:"), let kb = Double(String(text.filter(\.isNumber))) { return kb / 1024 }
            }
        }
        #endif
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
        #else
        getrusage(RUSAGE_SELF, &usage)
        return Double(usage.ru_maxrss) / (1024 * 1024)  // bytes on Darwin
        #endif
    }

    /// Runs `ember <arguments>` and reads `count` numbers from its stdout (one line, spaces).
    static func runChild(_ arguments: [String], expecting count: Int) throws -> [Double] {
        let path = CommandLine.arguments[0]
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw BenchCheckFailed("child", "pipe failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        let args = [path] + arguments
        var argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, nil, &argv, environ)
        close(fds[1])
        if rc != 0 { close(fds[0]); throw BenchCheckFailed("child", "posix_spawn failed (\(rc))") }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let got = read(fds[0], &buffer, buffer.count)
            if got <= 0 { break }
            output += buffer[0..<got]
        }
        close(fds[0])
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        let values = String(decoding: output, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" })
            .compactMap { Double(String($0)) }
        if status != 0 || values.count != count {
            throw BenchCheckFailed(arguments.last ?? "child", "child exited with status \(status), output \(values)")
        }
        return values
    }
}
