#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Scalar math for losses, optimizers and schedulers: the C library's functions, as
/// Python's `math` module calls them, so constants and learning rates match PyTorch's.
enum NNMath {
    static func logarithm(_ x: Double) -> Double { log(x) }
    static func exponential(_ x: Double) -> Double { exp(x) }
    static func power(_ x: Double, _ y: Double) -> Double { pow(x, y) }
    static func cosine(_ x: Double) -> Double { cos(x) }
    static func log1plus(_ x: Double) -> Double { log1p(x) }
}
