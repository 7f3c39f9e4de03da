#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Ember

extension BenchFigure {
    /// Per-op cost on tiny tensors, as `overhead.py` and `autograd_small.py` measure it, and
    /// start-up time as `startup.py` does (process start to a first tensor op).
    static var overhead: [BenchFigure] {
        [
            BenchFigure(key: "op_overhead_1elem_us") { timer in
                try addOverhead(timer, count: 1, requiresGrad: false)
            },
            BenchFigure(key: "op_overhead_100elem_us") { timer in
                try addOverhead(timer, count: 100, requiresGrad: false)
            },
            BenchFigure(key: "op_overhead_grad_us") { timer in
                try addOverhead(timer, count: 1, requiresGrad: true)
            },
            BenchFigure(key: "autograd_scalar_step_us") { timer in
                let x = Tensor(2.0, requiresGrad: true)
                let y = x ** 2 + 3 * x + 1
                if y.gradFn == nil { throw BenchCheckFailed("autograd_scalar_step", "no graph recorded") }
                y.backward()
                if y.item() != 11 || x.grad?.item() != 7 {
                    throw BenchCheckFailed("autograd_scalar_step", "y(2) != 11 or dy/dx at 2 != 7")
                }
                return timer.median(inner: 2000) {
                    let y = x ** 2 + 3 * x + 1
                    y.backward()
                    x.grad = nil
                } * 1e6
            },
            BenchFigure(key: "startup_ms") { timer in
                try startupMilliseconds(timer)
            },
        ]
    }

    /// Microseconds per `c = a + b`.
    private static func addOverhead(_ timer: BenchTimer, count: Int, requiresGrad: Bool) throws -> Double {
        let a = Tensor.randn(count, requiresGrad: requiresGrad), b = Tensor.randn(count, requiresGrad: requiresGrad)
        let c = a + b
        let key = "op_overhead"
        if requiresGrad && c.gradFn == nil { throw BenchCheckFailed(key, "no graph recorded") }
        if c[count - 1].item() != Double(Float(a[count - 1].item() + b[count - 1].item())) {
            throw BenchCheckFailed(key, "wrong sum")
        }
        return timer.median(inner: 20_000) { _ = a + b } * 1e6
    }

    /// Milliseconds from spawning this binary (`ember bench --startup-probe`: one tensor op)
    /// to its exit; the median of 5 after one untimed run, as startup.py times `import torch`.
    private static func startupMilliseconds(_ timer: BenchTimer) throws -> Double {
        let path = CommandLine.arguments[0]
        func spawn() throws {
            var pid: pid_t = 0
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            let args = [path, "bench", "--startup-probe"]
            var argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
            defer { for p in argv { free(p) } }
            let rc = posix_spawn(&pid, path, &actions, nil, &argv, environ)
            if rc != 0 { throw BenchCheckFailed("startup", "posix_spawn failed (\(rc))") }
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            if status != 0 { throw BenchCheckFailed("startup", "probe exited with status \(status)") }
        }
        try spawn()
        var failure: (any Error)?
        let seconds = BenchTimer(repeats: 5).median(warmup: 0) {
            do { try spawn() } catch { failure = error }
        }
        if let failure { throw failure }
        return seconds * 1e3
    }

    /// What the start-up probe does: one small op whose answer is checked.
    static func startupProbe() -> Bool {
        (Tensor([1.0, 2.0, 3.0]) + 1).sum().item() == 9
    }
}
