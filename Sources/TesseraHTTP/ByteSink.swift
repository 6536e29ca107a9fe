/// Bytes appended with one capacity check and one copy: a document writer's output.
///
/// `Array<UInt8>.append(contentsOf:)` costs about 113 instructions a call before its copy (a
/// uniqueness check, the generic sequence path), and a 1,000-entry listing page appends some
/// 30,000 pieces, most of them a few bytes (an element's name, a `>`): a tenth of the page
/// (callgrind, docs/benchmarks.md, the twentieth pass). Owned by one writer and never copied,
/// so no check of sharing is needed.
struct ByteSink: ~Copyable, @unchecked Sendable {
    private var start: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// How many bytes are written.
    private(set) var count = 0

    /// An empty sink with room for `capacity` bytes before it grows.
    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        start = .allocate(capacity: self.capacity)
    }

    deinit { start.deallocate() }

    /// Appends `bytes`.
    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        reserve(bytes.count)
        Self.copy(base, to: start + count, count: bytes.count)
        count += bytes.count
    }

    /// Copies `n` bytes, those of at most 16 in two overlapping loads and stores inline.
    ///
    /// A document's pieces are mostly a few bytes (a tag's name, a number, a short key), and a
    /// call of `memcpy` for each cost ~30 instructions: a 1,000-upload ListMultipartUploads page
    /// spent 7.6 % of its instructions in `memcpy` (callgrind, docs/benchmarks.md, "The
    /// thirty-third pass"). Longer copies still go to `memcpy`. The ranges never overlap.
    @inline(__always)
    static func copy(_ source: UnsafePointer<UInt8>, to destination: UnsafeMutablePointer<UInt8>, count n: Int) {
        let from = UnsafeRawPointer(source), to = UnsafeMutableRawPointer(destination)
        if n >= 8 {
            guard n <= 16 else {
                destination.update(from: source, count: n)
                return
            }
            to.storeBytes(of: from.loadUnaligned(as: UInt64.self), as: UInt64.self)
            to.storeBytes(of: from.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self), toByteOffset: n - 8, as: UInt64.self)
        } else if n >= 4 {
            to.storeBytes(of: from.loadUnaligned(as: UInt32.self), as: UInt32.self)
            to.storeBytes(of: from.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self), toByteOffset: n - 4, as: UInt32.self)
        } else if n > 0 {
            destination[0] = source[0]
            destination[n / 2] = source[n / 2]
            destination[n - 1] = source[n - 1]
        }
    }

    /// Appends a literal's bytes.
    @inline(__always)
    mutating func append(_ literal: StaticString) {
        append(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Appends `<name>`, or `</name>` when `closing`: one capacity check and one count update
    /// for the tag, where three appends made three of each (a 1,000-upload listing page writes
    /// 22,000 tags; docs/benchmarks.md, "The thirty-second pass").
    @inline(__always)
    mutating func appendTag(_ name: StaticString, closing: Bool) {
        let n = name.utf8CodeUnitCount
        let total = closing ? n + 3 : n + 2
        reserve(total)
        var p = start + count
        p.pointee = UInt8(ascii: "<")
        p += 1
        if closing {
            p.pointee = UInt8(ascii: "/")
            p += 1
        }
        Self.copy(name.utf8Start, to: p, count: n)
        p[n] = UInt8(ascii: ">")
        count += total
    }

    /// Appends one byte.
    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        start[count] = byte
        count += 1
    }

    /// Appends `bytes` escaped: each byte `special` marks is handed to `escape` with the bytes
    /// and its index, which appends what stands for it and says how many bytes that was (at
    /// least 1; appending the byte itself leaves it as it was). The runs between are copied
    /// whole, and text without such bytes at once after one table lookup a byte (seven
    /// comparisons a byte before: a tenth of a 1,000-upload ListMultipartUploads page; a 64-bit
    /// mask tested in the copying loop cost twice the table's scan; callgrind, the twentieth pass).
    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, escaping special: UnsafeBufferPointer<Bool>,
                         _ escape: (inout ByteSink, UnsafeBufferPointer<UInt8>, Int) -> Int) {
        guard var i = bytes.firstIndex(where: { special[Int($0)] }) else {
            append(bytes)
            return
        }
        var run = 0
        while i < bytes.count {
            guard special[Int(bytes[i])] else {
                i += 1
                continue
            }
            append(UnsafeBufferPointer(rebasing: bytes[run..<i]))
            i += escape(&self, bytes, i)
            run = i
        }
        append(UnsafeBufferPointer(rebasing: bytes[run...]))
    }

    /// Appends a string's UTF-8 bytes.
    mutating func append(_ s: String) {
        var s = s
        s.withUTF8 { append($0) }
    }

    @inline(__always)
    private mutating func reserve(_ more: Int) {
        if count + more > capacity { grow(to: count + more) }
    }

    /// Doubles the room (at least to `needed`), moving what is written.
    @inline(never)
    private mutating func grow(to needed: Int) {
        let larger = max(capacity * 2, needed)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.update(from: start, count: count)
        start.deallocate()
        start = moved
        capacity = larger
    }

    /// Calls `body` with the bytes written.
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: start, count: count))
    }
}
