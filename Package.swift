// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Ember",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Ember", targets: ["Ember"]),
        .library(name: "EmberNN", targets: ["EmberNN"]),
        .library(name: "EmberData", targets: ["EmberData"]),
        .library(name: "EmberPlot", targets: ["EmberPlot"]),
        .library(name: "EmberExport", targets: ["EmberExport"]),
        .library(name: "EmberONNX", targets: ["EmberONNX"]),
        .executable(name: "ember", targets: ["ember"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    ],
    targets: [
        // The innermost SIMD loops only; everything around them stays in Swift (DESIGN.md).
        .target(name: "CEmberKernels"),
        // zlib ships with the Swift toolchain's dependencies: gzip (MNIST), zip entries (npz, .pt).
        .systemLibrary(name: "CZlib"),
        .target(
            name: "Ember",
            dependencies: [
                "CEmberKernels", "CZlib",
                .product(name: "RealModule", package: "swift-numerics"),
                .product(name: "ComplexModule", package: "swift-numerics"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]),
        .target(
            name: "EmberNN",
            dependencies: ["Ember", .product(name: "OrderedCollections", package: "swift-collections")]),
        .target(name: "EmberData", dependencies: ["Ember"]),
        .target(name: "EmberPlot", dependencies: ["Ember"]),
        // Graph capture (torch.export): ExportedProgram, its interpreter and its file format.
        .target(
            name: "EmberExport",
            dependencies: ["Ember", "EmberNN", .product(name: "OrderedCollections", package: "swift-collections")]),
        // ONNX: a hand-written protobuf codec and the exporter of captured graphs.
        .target(
            name: "EmberONNX",
            dependencies: ["Ember", "EmberNN", "EmberExport", .product(name: "OrderedCollections", package: "swift-collections")]),
        .executableTarget(
            name: "ember",
            dependencies: [
                "Ember", "EmberNN", "EmberData", "EmberPlot", "EmberExport", "EmberONNX",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // Release-mode checks too heavy for debug tests (deep graphs, leak counts); .ci/run runs them.
        .executableTarget(name: "EmberReleaseChecks", dependencies: ["Ember"]),
        // Seeded mutation fuzzing of the file readers: `swift run -c release EmberFuzz safetensors --minutes 10`.
        .executableTarget(name: "EmberFuzz", dependencies: ["Ember", "EmberData"]),
        .testTarget(name: "EmberTests", dependencies: ["Ember"]),
        .testTarget(name: "EmberNNTests", dependencies: ["EmberNN"]),
        .testTarget(name: "EmberExportTests", dependencies: ["EmberExport", "EmberNN"]),
        // Python checks (onnx.checker, onnxruntime) run from a venv that .ci/run makes.
        .testTarget(name: "EmberONNXTests", dependencies: ["EmberONNX", "EmberExport", "EmberNN"],
                    exclude: ["onnx_check.py", "Fixtures"]),
        .testTarget(name: "EmberDataTests", dependencies: ["EmberData", "EmberNN", "ember"],
                    exclude: ["record_dataloader.py", "record_transforms.py"]),
        // Fixtures (PNGs from another encoder, a TensorBoard-verified event file) are read by path.
        .testTarget(name: "EmberPlotTests", dependencies: ["EmberPlot"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
