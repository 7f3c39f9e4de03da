#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Scalar math for optimizers and schedulers, computed as Python's `**` and `math.cos` do
/// (the C library's `pow` and `cos`), so bias corrections and learning rates match PyTorch's.
enum OptimMath {
    static func power(_ x: Double, _ y: Double) -> Double { pow(x, y) }
    static func cosine(_ x: Double) -> Double { cos(x) }
}
