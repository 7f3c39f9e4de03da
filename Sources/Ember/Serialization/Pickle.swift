/// A Python pickle reader restricted to what `torch.save(state_dict)` files need, the
/// `weights_only=True` idea: no code from a file ever runs. Globals are looked up in a
/// fixed allow-list (`collections.OrderedDict`, `torch._utils._rebuild_tensor_v2`,
/// `torch._utils._rebuild_parameter`, torch's typed storage classes) and anything else is
/// refused with an error naming it. `REDUCE` only "calls" those allowed globals, and only
/// by building a plain value here; tensors come back as lazy references to storages, which
/// the caller reads and bounds-checks (PyTorchFile.swift).
struct PickleReader {
    /// A storage a tensor refers to: its key in the archive, dtype and element count.
    struct StorageRef: Equatable {
        let key: String
        let dtype: DType
        let count: Int
    }

    /// `_rebuild_tensor_v2(storage, offset, size, stride, …)`, not yet materialised.
    struct TensorRef {
        let storage: StorageRef
        let offset: Int
        let shape: [Int]
        let strides: [Int]
    }

    /// Containers are reference types, as in Python: a memoised dict is filled after it is
    /// stored. All boxes are torn down iteratively at the end (see `teardown`), so a deep or
    /// cyclic structure from a hostile file neither overflows the stack nor leaks.
    final class Box {
        enum Kind { case tuple, list, dict }
        let kind: Kind
        var items: [Value] = []
        var pairs: [(key: Value, value: Value)] = []
        init(_ kind: Kind, _ items: [Value] = []) {
            self.kind = kind
            self.items = items
        }
    }

    enum Value {
        case none
        case bool(Bool)
        case int(Int)
        case float(Double)
        case string(String)
        case box(Box)
        case global(String, String)
        case storage(StorageRef)
        case tensor(TensorRef)

        var int: Int? { if case .int(let v) = self { v } else { nil } }
        var string: String? { if case .string(let v) = self { v } else { nil } }
        var tuple: [Value]? { if case .box(let b) = self, b.kind == .tuple { b.items } else { nil } }
    }

    static let allowedGlobals: Set<String> = [
        "collections.OrderedDict", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_parameter",
    ]

    private let bytes: UnsafeRawBufferPointer
    private(set) var position: Int
    private var stack: [Value] = []
    private var marks: [Int] = []
    private var memo: [Int: Value] = [:]
    private var boxes: [Box] = []

    init(_ bytes: UnsafeRawBufferPointer, at position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    private func error(_ message: String) -> EmberIOError { EmberIOError("pickle at byte \(position): \(message)") }

    private mutating func read(_ n: Int) throws(EmberIOError) -> UnsafeRawBufferPointer {
        guard n >= 0, n <= bytes.count - position else { throw error("truncated (needs \(n) more bytes)") }
        defer { position += n }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<(position + n)])
    }

    private mutating func uint(_ n: Int) throws(EmberIOError) -> Int {
        let b = try read(n)
        var v: UInt64 = 0
        for k in 0..<n { v |= UInt64(b[k]) << (8 * UInt64(k)) }
        guard v <= UInt64(Int.max) else { throw error("length \(v) is too large") }
        return Int(v)
    }

    private mutating func line() throws(EmberIOError) -> String {
        let start = position
        while position < bytes.count && bytes[position] != 0x0A { position += 1 }
        guard position < bytes.count else { throw error("unterminated text argument") }
        defer { position += 1 }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    }

    private mutating func pop() throws(EmberIOError) -> Value {
        guard let v = stack.popLast() else { throw error("stack underflow") }
        if let m = marks.last, stack.count < m { throw error("stack underflow past a mark") }
        return v
    }

    private mutating func popMark() throws(EmberIOError) -> [Value] {
        guard let m = marks.popLast(), m <= stack.count else { throw error("no mark") }
        defer { stack.removeSubrange(m...) }
        return Array(stack[m...])
    }

    private mutating func box(_ kind: Box.Kind, _ items: [Value] = []) -> Value {
        let b = Box(kind, items)
        boxes.append(b)
        return .box(b)
    }

    private mutating func string(_ raw: UnsafeRawBufferPointer) throws(EmberIOError) -> Value {
        guard let s = String(validating: raw, as: UTF8.self) else { throw error("string is not valid UTF-8") }
        return .string(s)
    }

    /// Reads one pickle up to its STOP and returns its value.
    mutating func load() throws(EmberIOError) -> Value {
        while true {
            let op = try read(1)[0]
            switch op {
            case 0x80: _ = try read(1)                                   // PROTO
            case 0x95: _ = try read(8)                                   // FRAME: a length hint only
            case 0x2E:                                                   // STOP
                guard stack.count == 1, marks.isEmpty else { throw error("STOP with \(stack.count) values on the stack") }
                return stack[0]
            case 0x28: marks.append(stack.count)                         // MARK
            case 0x4E: stack.append(.none)                               // NONE
            case 0x88: stack.append(.bool(true))                         // NEWTRUE
            case 0x89: stack.append(.bool(false))                        // NEWFALSE
            case 0x4A: stack.append(.int(Int(Int32(truncatingIfNeeded: try uint(4)))))  // BININT
            case 0x4B: stack.append(.int(try uint(1)))                   // BININT1
            case 0x4D: stack.append(.int(try uint(2)))                   // BININT2
            case 0x8A:                                                   // LONG1
                let n = try uint(1)
                let b = try read(n)
                guard n <= 8 else { throw error("integer of \(n) bytes is too large") }
                var v: UInt64 = 0
                for k in 0..<n { v |= UInt64(b[k]) << (8 * UInt64(k)) }
                if n > 0 && n < 8 && b[n - 1] & 0x80 != 0 { v |= ~0 << (8 * UInt64(n)) }  // sign-extend
                stack.append(.int(Int(Int64(bitPattern: v))))
            case 0x49:                                                   // INT (text)
                let text = try line()
                if text == "01" { stack.append(.bool(true)) } else if text == "00" { stack.append(.bool(false)) }
                else if let v = Int(text) { stack.append(.int(v)) } else { throw error("bad INT '\(text)'") }
            case 0x47: stack.append(.float(Double(bitPattern: UInt64(bigEndian: try readUInt64()))))  // BINFLOAT
            case 0x58: stack.append(try string(try read(try uint(4))))   // BINUNICODE
            case 0x8C: stack.append(try string(try read(try uint(1))))   // SHORT_BINUNICODE
            case 0x8D: stack.append(try string(try read(try uint(8))))   // BINUNICODE8
            case 0x55: stack.append(try string(try read(try uint(1))))   // SHORT_BINSTRING (Python 2 str)
            case 0x54: stack.append(try string(try read(try uint(4))))   // BINSTRING
            case 0x29: stack.append(box(.tuple))                         // EMPTY_TUPLE
            case 0x85: let a = try pop(); stack.append(box(.tuple, [a]))                                   // TUPLE1
            case 0x86: let b = try pop(), a = try pop(); stack.append(box(.tuple, [a, b]))                 // TUPLE2
            case 0x87: let c = try pop(), b = try pop(), a = try pop(); stack.append(box(.tuple, [a, b, c])) // TUPLE3
            case 0x74: let items = try popMark(); stack.append(box(.tuple, items))                         // TUPLE
            case 0x5D: stack.append(box(.list))                          // EMPTY_LIST
            case 0x6C: let items = try popMark(); stack.append(box(.list, items))                          // LIST
            case 0x7D: stack.append(box(.dict))                          // EMPTY_DICT
            case 0x64: let items = try popMark(); stack.append(try dict(from: items))                      // DICT
            case 0x61:                                                   // APPEND
                let v = try pop()
                try container(.list).items.append(v)
            case 0x65:                                                   // APPENDS
                let items = try popMark()
                try container(.list).items.append(contentsOf: items)
            case 0x73:                                                   // SETITEM
                let v = try pop(), k = try pop()
                try container(.dict).pairs.append((k, v))
            case 0x75:                                                   // SETITEMS
                let items = try popMark()
                guard items.count % 2 == 0 else { throw error("SETITEMS with an odd number of values") }
                let d = try container(.dict)
                for i in stride(from: 0, to: items.count, by: 2) { d.pairs.append((items[i], items[i + 1])) }
            case 0x71: memo[try uint(1)] = try top()                     // BINPUT
            case 0x72: memo[try uint(4)] = try top()                     // LONG_BINPUT
            case 0x94: memo[memo.count] = try top()                      // MEMOIZE
            case 0x70:                                                   // PUT (text)
                guard let i = Int(try line()) else { throw error("bad PUT index") }
                memo[i] = try top()
            case 0x68: stack.append(try memoValue(try uint(1)))          // BINGET
            case 0x6A: stack.append(try memoValue(try uint(4)))          // LONG_BINGET
            case 0x67:                                                   // GET (text)
                guard let i = Int(try line()) else { throw error("bad GET index") }
                stack.append(try memoValue(i))
            case 0x63:                                                   // GLOBAL
                let module = try line(), name = try line()
                stack.append(try global(module, name))
            case 0x93:                                                   // STACK_GLOBAL
                let name = try pop(), module = try pop()
                guard let m = module.string, let n = name.string else { throw error("STACK_GLOBAL needs two strings") }
                stack.append(try global(m, n))
            case 0x51: stack.append(try persistent(try pop()))           // BINPERSID
            case 0x52:                                                   // REDUCE
                let args = try pop(), callable = try pop()
                stack.append(try reduce(callable, args))
            case 0x62:                                                   // BUILD
                // OrderedDict's `_metadata` attribute (per-module versions): accepted, dropped.
                let state = try pop()
                guard case .box(let target) = try top(), target.kind == .dict,
                      case .box(let s) = state, s.kind == .dict else {
                    throw error("BUILD is only supported for setting a dict's attributes")
                }
            default:
                throw error("unsupported opcode 0x\(String(op, radix: 16)) (only the opcodes of tensor state dicts are allowed)")
            }
        }
    }

    private mutating func readUInt64() throws(EmberIOError) -> UInt64 {
        let b = try read(8)
        var v: UInt64 = 0
        for k in 0..<8 { v |= UInt64(b[k]) << (8 * UInt64(k)) }
        return v
    }

    private func top() throws(EmberIOError) -> Value {
        guard let v = stack.last else { throw error("stack underflow") }
        return v
    }

    private func memoValue(_ i: Int) throws(EmberIOError) -> Value {
        guard let v = memo[i] else { throw error("memo key \(i) is missing") }
        return v
    }

    private func container(_ kind: Box.Kind) throws(EmberIOError) -> Box {
        guard case .box(let b) = try top(), b.kind == kind else { throw error("expected a \(kind) to add items to") }
        return b
    }

    private mutating func dict(from items: [Value]) throws(EmberIOError) -> Value {
        guard items.count % 2 == 0 else { throw error("DICT with an odd number of values") }
        let d = box(.dict)
        if case .box(let b) = d { for i in stride(from: 0, to: items.count, by: 2) { b.pairs.append((items[i], items[i + 1])) } }
        return d
    }

    private func global(_ module: String, _ name: String) throws(EmberIOError) -> Value {
        let full = module + "." + name
        if Self.allowedGlobals.contains(full) || (module == "torch" && FormatDType.torchStorage(name) != nil) {
            return .global(module, name)
        }
        throw EmberIOError("refusing to load global '\(full)': only tensors and (ordered) dicts of them can be loaded, and nothing from the file is ever run")
    }

    /// `('storage', torch.FloatStorage, key, location, numel[, view_metadata])`.
    private func persistent(_ pid: Value) throws(EmberIOError) -> Value {
        guard let t = pid.tuple, t.count >= 5, t[0].string == "storage", case .global(_, let storageClass) = t[1],
              let row = FormatDType.torchStorage(storageClass), let key = t[2].string, let count = t[4].int, count >= 0 else {
            throw error("unsupported persistent id (expected a torch storage reference)")
        }
        if t.count > 5, case .none = t[5] {} else if t.count > 5 { throw error("storage views are not supported") }
        return .storage(StorageRef(key: key, dtype: row.dtype, count: count))
    }

    private mutating func reduce(_ callable: Value, _ args: Value) throws(EmberIOError) -> Value {
        guard case .global(let module, let name) = callable, let a = args.tuple else {
            throw error("REDUCE of something that is not an allowed global")
        }
        switch module + "." + name {
        case "collections.OrderedDict":
            guard a.isEmpty else { throw error("OrderedDict with arguments is not supported") }
            return box(.dict)
        case "torch._utils._rebuild_tensor_v2":
            guard a.count >= 4, case .storage(let s) = a[0], let offset = a[1].int,
                  let size = a[2].tuple?.compactMap(\.int), let stride = a[3].tuple?.compactMap(\.int),
                  size.count == a[2].tuple?.count, stride.count == a[3].tuple?.count else {
                throw error("bad arguments to _rebuild_tensor_v2")
            }
            return .tensor(TensorRef(storage: s, offset: offset, shape: size, strides: stride))
        case "torch._utils._rebuild_parameter":
            guard a.count >= 1, case .tensor = a[0] else { throw error("bad arguments to _rebuild_parameter") }
            return a[0]
        default:
            throw error("'\(module).\(name)' cannot be called")
        }
    }

    /// Empties every container made while reading, iteratively: deep or cyclic structures
    /// from a hostile file are released without recursion.
    mutating func teardown() {
        for b in boxes {
            b.items.removeAll()
            b.pairs.removeAll()
        }
        boxes.removeAll()
        stack.removeAll()
        memo.removeAll()
    }
}
