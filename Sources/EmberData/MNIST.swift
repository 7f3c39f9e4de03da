#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `torchvision.datasets.MNIST(root, train, transform)`: 28×28 handwritten digits, read from
/// the four standard IDX files (gzipped or not) in `root` (or `root/MNIST/raw`, torchvision's
/// layout). Sample `i` is `(transform(data[i]), label)`, `data[i]` a uint8 `[28, 28]` tensor.
///
/// The whole split is one uint8 tensor (`data`, `[N, 28, 28]`), so a sample is a view and a
/// DataLoader batch is one gather plus the batched transform (`BatchGatherable`).
public struct MNIST: Dataset, BatchGatherable {
    /// The images, uint8 `[N, 28, 28]`.
    public let data: Tensor
    /// The labels, int64 `[N]`.
    public let targets: Tensor
    public let transform: (any Transform)?
    public let train: Bool
    /// The folder the files were read from.
    public let root: String
    private let labels: [UInt8]

    public static let classes = ["0 - zero", "1 - one", "2 - two", "3 - three", "4 - four",
                                 "5 - five", "6 - six", "7 - seven", "8 - eight", "9 - nine"]

    /// - Parameters:
    ///   - root: the folder holding the files; nil looks for `data/mnist` in the current
    ///     directory, the executable's, and their parents (the repository ships it there).
    ///   - train: the 60,000-image training split, or the 10,000-image test split.
    ///   - transform: applied to each image (e.g. `Compose([ToTensor(), Normalize(…)])`).
    /// - Throws: `EmberIOError` naming the file when one is missing, truncated or corrupt.
    public init(root: String? = nil, train: Bool = true, transform: (any Transform)? = nil) throws {
        let (data, labels, folder) = try loadIDXPair(root: root, defaultFolder: "data/mnist",
                                                     subfolder: "MNIST", train: train, name: "MNIST")
        self.init(data: data, labels: labels, transform: transform, train: train, root: folder)
    }

    init(data: Tensor, labels: [UInt8], transform: (any Transform)?, train: Bool, root: String) {
        self.data = data
        self.labels = labels
        self.targets = Tensor(labels.map(Int64.init), shape: [labels.count], dtype: .int64)
        self.transform = transform
        self.train = train
        self.root = root
    }

    public var count: Int { labels.count }

    public subscript(index: Int) -> (Tensor, Int) {
        let image = data[index]
        return (transform.map { $0(image) } ?? image, Int(labels[index]))
    }

    public func gatherBatch(_ indices: [Int]) throws -> (Tensor, Tensor)? {
        let idx = Tensor(indices.map(Int64.init), shape: [indices.count], dtype: .int64)
        let images = data.indexSelect(0, idx)
        let labels = targets.indexSelect(0, idx)
        guard let transform else { return (images, labels) }
        return transform.applyBatch(images).map { ($0, labels) }
    }
}

/// `torchvision.datasets.FashionMNIST`: Zalando's 28×28 clothing images, in MNIST's file
/// format and names; by default in `data/fashion-mnist` (or `root/FashionMNIST/raw`).
public struct FashionMNIST: Dataset, BatchGatherable {
    private let base: MNIST

    public static let classes = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                 "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

    public init(root: String? = nil, train: Bool = true, transform: (any Transform)? = nil) throws {
        let (data, labels, folder) = try loadIDXPair(root: root, defaultFolder: "data/fashion-mnist",
                                                     subfolder: "FashionMNIST", train: train, name: "FashionMNIST")
        base = MNIST(data: data, labels: labels, transform: transform, train: train, root: folder)
    }

    public var data: Tensor { base.data }
    public var targets: Tensor { base.targets }
    public var count: Int { base.count }
    public subscript(index: Int) -> (Tensor, Int) { base[index] }
    public func gatherBatch(_ indices: [Int]) throws -> (Tensor, Tensor)? { try base.gatherBatch(indices) }
}

// MARK: - Finding and reading the files

/// Reads `<split>-images-idx3-ubyte[.gz]` and `<split>-labels-idx1-ubyte[.gz]`, checking that
/// they hold `[N, 28, 28]` images and `N` labels below 10 (N = 60,000 or 10,000).
func loadIDXPair(root: String?, defaultFolder: String, subfolder: String, train: Bool,
                 name: String) throws(EmberIOError) -> (Tensor, [UInt8], String) {
    let folder: String
    if let root {
        folder = [root + "/" + subfolder + "/raw", root + "/raw"].first { hasFile($0, train: train) } ?? root
    } else {
        guard let found = findDataFolder(defaultFolder) else {
            throw EmberIOError("\(name) data not found: no \(defaultFolder) folder in the current directory, beside the executable, or above them; pass its folder as root")
        }
        folder = found
    }
    let split = train ? "train" : "t10k"
    let n = train ? 60_000 : 10_000
    let imagesPath = try existing(folder + "/\(split)-images-idx3-ubyte", name: name)
    let labelsPath = try existing(folder + "/\(split)-labels-idx1-ubyte", name: name)
    let images = try readIDX(path: imagesPath, limit: 16 + n * 28 * 28)
    let labels = try readIDX(path: labelsPath, limit: 8 + n)
    guard images.shape.count == 3, images.shape[1] == 28, images.shape[2] == 28 else {
        throw EmberIOError("expected \(name) images of shape [N, 28, 28], found \(shapeString(images.shape))", path: imagesPath)
    }
    guard labels.shape.count == 1 else {
        throw EmberIOError("expected a 1-dimensional label array, found shape \(shapeString(labels.shape))", path: labelsPath)
    }
    guard labels.shape[0] == images.shape[0] else {
        throw EmberIOError("\(labels.shape[0]) labels for \(images.shape[0]) images in \(imagesPath)", path: labelsPath)
    }
    if let bad = labels.values.firstIndex(where: { $0 > 9 }) {
        throw EmberIOError("label \(labels.values[bad]) at index \(bad) is not a class in 0...9", path: labelsPath)
    }
    let data = Tensor(images.values, shape: images.shape, dtype: .uint8)
    return (data, labels.values, folder)
}

/// The path of `base` or `base.gz`, whichever exists.
private func existing(_ base: String, name: String) throws(EmberIOError) -> String {
    if access(base, R_OK) == 0 { return base }
    if access(base + ".gz", R_OK) == 0 { return base + ".gz" }
    throw EmberIOError("\(name) file missing (looked for it and its .gz)", path: base)
}

private func hasFile(_ folder: String, train: Bool) -> Bool {
    let base = folder + (train ? "/train" : "/t10k") + "-images-idx3-ubyte"
    return access(base, R_OK) == 0 || access(base + ".gz", R_OK) == 0
}

/// Looks for `relative` (e.g. `data/mnist`) in the current directory and its parents, then
/// beside the executable and its parents (`.build/release/ember` finds the package's data).
public func findDataFolder(_ relative: String) -> String? {
    var starts: [String] = []
    if let cwd = getcwd(nil, 0) {
        starts.append(String(cString: cwd))
        free(cwd)
    }
    if let exe = executablePath() {
        starts.append(String(exe[..<(exe.lastIndex(of: "/") ?? exe.endIndex)]))
    }
    for start in starts {
        var dir = start
        while true {
            let candidate = (dir.isEmpty ? "" : dir) + "/" + relative
            var info = stat()
            if stat(candidate, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR { return candidate }
            guard let slash = dir.lastIndex(of: "/") else { break }
            if dir.isEmpty { break }
            dir = String(dir[..<slash])
        }
    }
    return nil
}

private func executablePath() -> String? {
    #if os(Linux)
    var buffer = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard n > 0 else { return nil }
    return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    #else
    guard let first = CommandLine.arguments.first, first.contains("/") else { return nil }
    return first
    #endif
}
