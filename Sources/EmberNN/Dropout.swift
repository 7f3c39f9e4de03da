/// `nn.Dropout(p=0.5)`: in training, zeroes each element with probability `p` and scales
/// the rest by 1/(1−p); the identity in eval mode.
open class Dropout: Module {
    public let p: Double
    public init(p: Double = 0.5, file: StaticString = #fileID, line: UInt = #line) {
        if p < 0 || p > 1 {
            emberFatal("dropout probability has to be between 0 and 1, but got \(p)", file: file, line: line)
        }
        self.p = p
        super.init()
    }
    open override func forward(_ input: Tensor) -> Tensor {
        let s = currentSite()
        return dropout(input, p: p, training: isTraining, file: s.file, line: s.line)
    }
    open override var extraRepr: String { "p=\(pythonFloat(p)), inplace=False" }
}
