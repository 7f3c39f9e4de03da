/// splitmix64: a small seeded generator, so a run is reproducible from its seed.
struct SeededRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
}

/// Structure-blind and structure-aware mutations: bit flips, byte sets, truncation,
/// splices, chunk copies, numbers in text replaced by edge values, and little-endian length
/// fields nudged or set to extremes.
struct Mutator {
    var random: SeededRandom
    let corpus: [[UInt8]]
    /// Byte offsets and widths of the format's length fields (e.g. safetensors' first 8 bytes).
    let lengthFields: [(offset: Int, width: Int)]
    /// Tokens of the format worth swapping in (dtype names, keys, opcodes).
    let tokens: [[UInt8]]

    static let edgeNumbers = ["0", "-1", "1", "255", "256", "65536", "2147483647", "2147483648", "4294967296",
                              "9223372036854775807", "9223372036854775808", "18446744073709551616", "-9223372036854775808",
                              "1e308", "1.5", "99999999999", "NaN", "3037000500"]

    mutating func mutate(_ input: [UInt8]) -> [UInt8] {
        var data = input
        let rounds = 1 + random.below(4)
        for _ in 0..<rounds { mutateOnce(&data) }
        return data
    }

    private mutating func mutateOnce(_ data: inout [UInt8]) {
        switch random.below(11) {
        case 0 where !data.isEmpty:  // bit flip
            let i = random.below(data.count)
            data[i] ^= UInt8(1 << random.below(8))
        case 1 where !data.isEmpty:  // interesting byte
            let values: [UInt8] = [0, 1, 0x7f, 0x80, 0xff, 0x22, 0x5c, 0x7b, 0x7d, 0x2c]
            data[random.below(data.count)] = values[random.below(values.count)]
        case 2 where !data.isEmpty:  // truncate
            data.removeLast(1 + random.below(data.count))
        case 3:  // append random bytes
            for _ in 0..<(1 + random.below(16)) { data.append(UInt8(truncatingIfNeeded: random.next())) }
        case 4 where !corpus.isEmpty:  // splice with another input
            let other = corpus[random.below(corpus.count)]
            let cut = random.below(data.count + 1), from = random.below(other.count + 1)
            data = Array(data[..<cut]) + Array(other[from...])
        case 5 where data.count > 2:  // delete a chunk
            let start = random.below(data.count), length = 1 + random.below(min(32, data.count - start))
            data.removeSubrange(start..<(start + length))
        case 6 where data.count > 2:  // duplicate a chunk
            let start = random.below(data.count), length = 1 + random.below(min(32, data.count - start))
            data.insert(contentsOf: data[start..<(start + length)], at: random.below(data.count))
        case 7:  // a number in text replaced by an edge value
            replaceNumber(&data)
        case 8 where !lengthFields.isEmpty:
            tweakLengthField(&data)
        case 9 where !tokens.isEmpty && !data.isEmpty:  // a token written over some bytes
            let token = tokens[random.below(tokens.count)]
            let at = random.below(data.count)
            data.replaceSubrange(at..<min(data.count, at + token.count), with: token)
        case 10 where data.count >= 8:  // a random 4- or 8-byte little-endian integer anywhere
            let width = random.chance(50) ? 4 : 8
            let at = random.below(data.count - width + 1)
            let value = [UInt64(0), 1, 0xffff_ffff, UInt64.max, UInt64(Int64.max), 1 << 32, UInt64(random.below(4096))][random.below(7)]
            for k in 0..<width { data[at + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(k))) }
        default:
            if !data.isEmpty { data[random.below(data.count)] = UInt8(truncatingIfNeeded: random.next()) }
        }
    }

    private mutating func replaceNumber(_ data: inout [UInt8]) {
        var runs: [Range<Int>] = []
        var i = 0
        while i < data.count {
            if data[i] >= 0x30 && data[i] <= 0x39 {
                let start = i
                while i < data.count && data[i] >= 0x30 && data[i] <= 0x39 { i += 1 }
                runs.append(start..<i)
            } else { i += 1 }
        }
        guard !runs.isEmpty else { return }
        let run = runs[random.below(runs.count)]
        let replacement = random.chance(70) ? Mutator.edgeNumbers[random.below(Mutator.edgeNumbers.count)]
                                            : String(random.below(100_000))
        data.replaceSubrange(run, with: Array(replacement.utf8))
    }

    private mutating func tweakLengthField(_ data: inout [UInt8]) {
        let field = lengthFields[random.below(lengthFields.count)]
        guard field.offset + field.width <= data.count else { return }
        var value: UInt64 = 0
        for k in 0..<field.width { value |= UInt64(data[field.offset + k]) << (8 * UInt64(k)) }
        switch random.below(5) {
        case 0: value &+= UInt64(1 + random.below(16))
        case 1: value &-= UInt64(1 + random.below(16))
        case 2: value = UInt64.max >> (64 - 8 * UInt64(field.width))
        case 3: value = UInt64(data.count)
        default: value = 0
        }
        for k in 0..<field.width { data[field.offset + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(k))) }
    }
}
