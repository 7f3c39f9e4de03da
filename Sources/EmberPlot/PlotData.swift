/// Values a plot call accepts: Swift arrays of numbers, or a tensor of any real dtype
/// (flattened), so `line(losses)` and `scatter(x: X.flatten(), y: y.flatten())` both read
/// like pyplot.
public protocol PlotData {
    /// The values as Doubles, in row-major order.
    var plotValues: [Double] { get }
}

/// A number a plot array can hold.
public protocol PlotScalar { var plotDouble: Double { get } }
extension Double: PlotScalar { public var plotDouble: Double { self } }
extension Float: PlotScalar { public var plotDouble: Double { Double(self) } }
extension Int: PlotScalar { public var plotDouble: Double { Double(self) } }
extension Int32: PlotScalar { public var plotDouble: Double { Double(self) } }
extension Int64: PlotScalar { public var plotDouble: Double { Double(self) } }
extension UInt8: PlotScalar { public var plotDouble: Double { Double(self) } }

extension Array: PlotData where Element: PlotScalar {
    public var plotValues: [Double] { map(\.plotDouble) }
}

extension ArraySlice: PlotData where Element: PlotScalar {
    public var plotValues: [Double] { map(\.plotDouble) }
}

extension Tensor: PlotData {
    public var plotValues: [Double] { toArray(Double.self) }
}
