/// Tiles a batch of images into one (`torchvision.utils.make_grid`): `images` is N×C×H×W
/// or N×H×W; the result is C×H'×W' with `nrow` images a row, `padding` pixels between
/// them filled with `padValue`, in the images' dtype.
public func makeGrid(_ images: Tensor, nrow: Int = 8, padding: Int = 2, padValue: Double = 0) -> Tensor {
    var shape = images.shape
    if shape.count == 3 { shape.insert(1, at: 1) }
    precondition(shape.count == 4, "makeGrid: expected N×C×H×W or N×H×W images, got \(images.shape)")
    let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
    let cols = max(1, min(nrow, n)), rows = (n + cols - 1) / cols
    let gh = rows * (h + padding) + padding, gw = cols * (w + padding) + padding
    let src = images.toArray(Double.self)
    var out = [Double](repeating: padValue, count: c * gh * gw)
    for k in 0..<n {
        let oy = (k / cols) * (h + padding) + padding, ox = (k % cols) * (w + padding) + padding
        for ch in 0..<c {
            for y in 0..<h {
                for x in 0..<w {
                    out[(ch * gh + oy + y) * gw + ox + x] = src[((k * c + ch) * h + y) * w + x]
                }
            }
        }
    }
    return Tensor(out, shape: [c, gh, gw], dtype: images.dtype)
}
