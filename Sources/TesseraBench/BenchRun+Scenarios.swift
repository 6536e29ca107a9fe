import Crypto
import DialectS3
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import TesseraCore
import TesseraServer

extension BenchRun {
    // MARK: initiate

    /// The key of the `i`th upload: 100 prefixes, `p000/` to `p099/` (`tessera bench reaper` loads the same).
    static func uploadKey(_ i: Int) -> String { String(format: "p%03d/obj-%08d", i % 100, i) }

    func initiate(bucket: String, count: Int, connections: Int) async throws -> [String] {
        resetPeak()
        let keys = (0..<count).map { Self.uploadKey($0) }
        let (wall, cpu) = try await parallel(count: count, connections: connections) { conn, i in
            _ = try await target.call(&conn, .POST, S3Target.path(bucket, keys[i]), query: "uploads")
        }
        report("initiate", "rate (\(connections) conns)", Double(count) / wall, "uploads/s")
        reportCPU("initiate", per: "upload", cpu, Double(count), scale: 1e6, "µs")
        report("initiate", "peak RSS", stats.peakRSSMiB(), "MiB")
        return keys
    }

    // MARK: list-uploads

    func listUploads(bucket: String, keys: [String], samples: Int) async throws {
        resetPeak()
        let sorted = keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let n = sorted.count
        let path = S3Target.path(bucket)
        func page(_ name: String, _ query: String, check: @escaping @Sendable (ByteBuffer) throws -> Void) async throws {
            var (times, last): ([Double], ByteBuffer) = try await one { conn in
                var times: [Double] = []
                var last = try await target.call(&conn, .GET, path, query: query).body  // warm-up, not timed
                let budget = ContinuousClock.now + .seconds(10)
                for i in 0..<samples {
                    // A slow peer gets at least 10 samples, not hours of them.
                    if i >= 10 && ContinuousClock.now > budget { break }
                    let t = ContinuousClock.now
                    last = try await target.call(&conn, .GET, path, query: query).body
                    times.append(Self.seconds(ContinuousClock.now - t) * 1000)
                }
                return (times, last)
            }
            do { try check(last) } catch { failed("list-uploads", "\(name): \(error)") }
            times.sort()
            print("\(label)  list-uploads  \(name): \(times.count) timed requests")
            report("list-uploads", "\(name) p50", times[times.count / 2], "ms")
            report("list-uploads", "\(name) p99", times[Int((Double(times.count) * 0.99).rounded(.up)) - 1], "ms")
        }
        func expectKeys(_ expected: [String]) -> @Sendable (ByteBuffer) throws -> Void {
            { body in
                let got = S3Target.elements("Key", in: body)
                guard got == expected else { throw S3Target.Unexpected(description: "page has \(got.count) keys, expected \(expected.count) (first \(got.first ?? "-"))") }
            }
        }
        try await page("page at start (N=\(n))", "max-uploads=1000&uploads", check: expectKeys(Array(sorted.prefix(1000))))
        let middle = sorted[n / 2]
        try await page("page at middle", "key-marker=\(middle.replacingOccurrences(of: "/", with: "%2F"))&max-uploads=1000&uploads",
                       check: expectKeys(Array(sorted[(n / 2 + 1)...].prefix(1000))))
        let endMarker = sorted[max(0, n - 501)]
        try await page("page at end", "key-marker=\(endMarker.replacingOccurrences(of: "/", with: "%2F"))&max-uploads=1000&uploads",
                       check: expectKeys(Array(sorted[max(0, n - 500)...])))
        let prefixed = sorted.filter { $0.hasPrefix("p042/") }
        try await page("prefix 1%", "max-uploads=1000&prefix=p042%2F&uploads", check: expectKeys(Array(prefixed.prefix(1000))))
        try await page("delimiter (100 prefixes)", "delimiter=%2F&max-uploads=1000&uploads") { body in
            let prefixes = S3Target.elements("Prefix", in: body).filter { !$0.isEmpty }
            guard prefixes.count == 100, S3Target.elements("Key", in: body).isEmpty else {
                throw S3Target.Unexpected(description: "delimiter page: \(prefixes.count) prefixes")
            }
        }
        // The walk: every upload once, in order.
        let start = ContinuousClock.now
        let walked: [String] = try await one { conn in
            var all: [String] = []
            var query = "max-uploads=1000&uploads"
            while true {
                let r = try await target.call(&conn, .GET, path, query: query)
                all += S3Target.elements("Key", in: r.body)
                guard S3Target.element("IsTruncated", in: r.body) == "true",
                      let km = S3Target.element("NextKeyMarker", in: r.body), let um = S3Target.element("NextUploadIdMarker", in: r.body) else { break }
                query = "key-marker=\(km.replacingOccurrences(of: "/", with: "%2F"))&max-uploads=1000&upload-id-marker=\(um)&uploads"
            }
            return all
        }
        let wall = Self.seconds(ContinuousClock.now - start)
        if walked != sorted { failed("list-uploads", "walk returned \(walked.count) uploads (\(Set(walked).count) distinct), expected \(n) in order") }
        report("list-uploads", "walk all \(n)", wall, "s")
        report("list-uploads", "peak RSS", stats.peakRSSMiB(), "MiB")
    }

    // MARK: multipart-put

    static func partData(_ base: ByteBuffer, _ n: Int, size: Int) -> ByteBuffer {
        var b = base.getSlice(at: 0, length: size)!
        b.setInteger(UInt64(n), at: 0)
        return b
    }

    /// ``partData(_:_:size:)`` as two pieces sharing `base`'s storage (no 16 MiB copy per part in
    /// the timed region).
    static func partPieces(_ base: ByteBuffer, _ n: Int, size: Int) -> [ByteBuffer] {
        guard size > 8 else { return [partData(base, n, size: size)] }
        var head = ByteBuffer()
        head.writeInteger(UInt64(n))
        return [head, base.getSlice(at: 8, length: size - 8)!]
    }

    static func base(_ size: Int) -> ByteBuffer {
        var rng = SystemRandomNumberGenerator()
        var b = ByteBuffer()
        b.reserveCapacity(size)
        for _ in 0..<(size / 8) { b.writeInteger(rng.next() as UInt64) }
        return b
    }

    /// Uploads and completes; returns the Complete latency, when Complete returned, the CPU sample
    /// taken then, and the part MD5s (computed after that instant, outside the timed region and
    /// outside the CPU measured: the client's MD5 of a gigabyte is not part of its upload).
    func upload(bucket: String, key: String, parts: Int, partSize: Int, lastSize: Int, inFlight: Int, base: ByteBuffer)
        async throws -> (completeMs: Double, end: ContinuousClock.Instant, endCPU: CPUSeconds, md5s: [[UInt8]])
    {
        let uploadID: String = try await one { conn in
            let r = try await target.call(&conn, .POST, S3Target.path(bucket, key), query: "uploads")
            guard let id = S3Target.element("UploadId", in: r.body) else { throw S3Target.Unexpected(description: "no UploadId") }
            return id
        }
        let etags = NIOLockedValueBox([String](repeating: "", count: parts))
        _ = try await parallel(count: parts, connections: inFlight) { conn, i in
            let r = try await target.call(&conn, .PUT, S3Target.path(bucket, key), query: "partNumber=\(i + 1)&uploadId=\(uploadID)",
                                          bodyPieces: Self.partPieces(base, i + 1, size: i == parts - 1 ? lastSize : partSize))
            let etag = r.headers.first(name: "ETag") ?? ""
            etags.withLockedValue { $0[i] = etag }
        }
        let list = etags.withLockedValue { $0 }
        var xml = "<CompleteMultipartUpload>"
        for (i, e) in list.enumerated() { xml += "<Part><PartNumber>\(i + 1)</PartNumber><ETag>\(e)</ETag></Part>" }
        xml += "</CompleteMultipartUpload>"
        let body = ByteBuffer(string: xml)
        let t = ContinuousClock.now
        let done = try await one { conn in try await target.call(&conn, .POST, S3Target.path(bucket, key), query: "uploadId=\(uploadID)", body: body) }
        let end = ContinuousClock.now
        let endCPU = stats.sample()
        let completeMs = Self.seconds(end - t) * 1000
        let md5s = (0..<parts).map { i in Array(Insecure.MD5.hash(data: Self.partData(base, i + 1, size: i == parts - 1 ? lastSize : partSize).readableBytesView)) }
        var combined = Insecure.MD5()
        for m in md5s { combined.update(data: m) }
        let expected = "\"\(Identifiers.hex(combined.finalize()))-\(parts)\""
        guard S3Target.element("ETag", in: done.body)?.replacingOccurrences(of: "&quot;", with: "\"") == expected else {
            throw S3Target.Unexpected(description: "Complete ETag \(S3Target.element("ETag", in: done.body) ?? "-"), expected \(expected)")
        }
        return (completeMs, end, endCPU, md5s)
    }

    func multipartPut(bucket: String, size: Int, partSize: Int, inFlight: Int) async throws -> BenchObject {
        resetPeak()
        let base = Self.base(partSize)
        let parts = (size + partSize - 1) / partSize
        let key = "big/object-\(size)"
        let cpu0 = stats.sample()
        let start = ContinuousClock.now
        let (completeMs, end, endCPU, md5s) = try await upload(bucket: bucket, key: key, parts: parts, partSize: partSize,
                                                        lastSize: size - (parts - 1) * partSize, inFlight: inFlight, base: base)
        let wall = Self.seconds(end - start)
        let cpu = endCPU - cpu0
        let head = try await one { conn in try await target.call(&conn, .HEAD, S3Target.path(bucket, key)) }
        guard head.headers.first(name: "Content-Length") == String(size) else { throw S3Target.Unexpected(description: "HEAD size mismatch") }
        report("multipart-put", "\(size >> 20) MiB in \(partSize >> 20) MiB parts, \(inFlight) in flight", Double(size) / wall / 1e6, "MB/s")
        report("multipart-put", "Complete (\(parts) parts)", completeMs, "ms")
        reportCPU("multipart-put", per: "MiB", cpu, Double(size >> 20), scale: 1000, "ms")
        report("multipart-put", "peak RSS", stats.peakRSSMiB(), "MiB")
        return BenchObject(key: key, partSize: partSize, partMD5s: md5s, size: size)
    }

    // MARK: complete-scaling

    func completeScaling(bucket: String, sets: [(parts: Int, mib: Int)]) async throws {
        resetPeak()
        for set in sets {
            let size = set.mib * 1024 * 1024
            let base = Self.base(size)
            let key = "complete/\(set.parts)x\(set.mib)"
            let (ms, _, _, _) = try await upload(bucket: bucket, key: key, parts: set.parts, partSize: size, lastSize: size, inFlight: 4, base: base)
            report("complete-scaling", "Complete \(set.parts) x \(set.mib) MiB", ms, "ms")
            try await one { conn in _ = try await target.call(&conn, .DELETE, S3Target.path(bucket, key), expect: 204) }
        }
        report("complete-scaling", "peak RSS", stats.peakRSSMiB(), "MiB")
    }

    // MARK: get

    func get(bucket: String, object: BenchObject, concurrency: Int, rounds: Int) async throws {
        resetPeak()
        let ranges = object.partMD5s.count
        let path = S3Target.path(bucket, object.key)
        @Sendable func range(_ i: Int) -> String { "bytes=\(i * object.partSize)-\(min(object.size, (i + 1) * object.partSize) - 1)" }
        // The first read of the just-uploaded object, on its own: a server that wrote it past the
        // page cache reads it from the disk here. The second read is timed on its own too: a server
        // that read the first past the cache fills the cache here. The timed rounds after them
        // read from the page cache.
        func readAll() async throws -> (bytes: Int, wall: Double, cpu: CPUSeconds) {
            let bytes = NIOLockedValueBox(0)
            let (wall, cpu) = try await parallel(count: ranges, connections: concurrency) { conn, j in
                let r = try await target.call(&conn, .GET, path, headers: [("Range", range(j))], expect: 206, countOnly: true)
                bytes.withLockedValue { $0 += r.bodyLength }
            }
            return (bytes.withLockedValue { $0 }, wall, cpu)
        }
        let first = try await readAll()
        let second = try await readAll()
        guard first.bytes == object.size, second.bytes == object.size else {
            throw S3Target.Unexpected(description: "read \(first.bytes) and \(second.bytes) bytes, expected \(object.size)")
        }
        let bytes = NIOLockedValueBox(0)
        let (wall, cpu) = try await parallel(count: ranges * rounds, connections: concurrency) { conn, j in
            let r = try await target.call(&conn, .GET, path, headers: [("Range", range(j % ranges))], expect: 206, countOnly: true)
            bytes.withLockedValue { $0 += r.bodyLength }
        }
        let total = bytes.withLockedValue { $0 }
        guard total == object.size * rounds else { throw S3Target.Unexpected(description: "read \(total) bytes, expected \(object.size * rounds)") }
        // Verification round, untimed: every range's MD5 is the part's.
        _ = try await parallel(count: ranges, connections: concurrency) { conn, i in
            let r = try await target.call(&conn, .GET, path, headers: [("Range", range(i))], expect: 206)
            guard Array(Insecure.MD5.hash(data: r.body.readableBytesView)) == object.partMD5s[i] else {
                throw S3Target.Unexpected(description: "range \(i) differs")
            }
        }
        report("get", "first read after upload", Double(first.bytes) / first.wall / 1e6, "MB/s")
        reportCPU("get", per: "MiB (first read)", first.cpu, Double(first.bytes >> 20), scale: 1000, "ms")
        report("get", "second read", Double(second.bytes) / second.wall / 1e6, "MB/s")
        reportCPU("get", per: "MiB (second read)", second.cpu, Double(second.bytes >> 20), scale: 1000, "ms")
        report("get", "\(concurrency) concurrent \(object.partSize >> 20) MiB ranges", Double(total) / wall / 1e6, "MB/s")
        reportCPU("get", per: "MiB", cpu, Double(total >> 20), scale: 1000, "ms")
        report("get", "peak RSS", stats.peakRSSMiB(), "MiB")
    }

    // MARK: small-put

    /// PUTs `count` objects of `kib` KiB over `connections` connections and checks they are all
    /// listed; returns their paths (for `small-get`).
    @discardableResult
    func smallPut(bucket: String, count: Int, connections: Int, kib: Int) async throws -> [String] {
        resetPeak()
        let body = Self.base(kib * 1024)
        // Paths made before the clock starts, as `initiate` makes its keys: `String(format:)` in
        // the loop was Foundation's format parser on the shared cores for every PUT.
        let paths = (0..<count).map { S3Target.path(bucket, String(format: "small/%07d", $0)) }
        let (wall, cpu) = try await parallel(count: count, connections: connections) { conn, i in
            _ = try await target.call(&conn, .PUT, paths[i], body: body)
        }
        // Verify: every object is listed (ListObjectsV2 walk, untimed).
        let listed: Int = try await one { conn in
            var n = 0
            var query = "list-type=2&max-keys=1000&prefix=small%2F"
            while true {
                let r = try await target.call(&conn, .GET, S3Target.path(bucket), query: query)
                n += S3Target.elements("Key", in: r.body).count
                guard S3Target.element("IsTruncated", in: r.body) == "true", let token = S3Target.element("NextContinuationToken", in: r.body) else { break }
                query = "continuation-token=\(token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token)&list-type=2&max-keys=1000&prefix=small%2F"
            }
            return n
        }
        guard listed == count else { throw S3Target.Unexpected(description: "listed \(listed) small objects, expected \(count)") }
        report("small-put", "\(kib) KiB PUT rate (\(connections) conns)", Double(count) / wall, "objects/s")
        reportCPU("small-put", per: "PUT", cpu, Double(count), scale: 1e6, "µs")
        report("small-put", "peak RSS", stats.peakRSSMiB(), "MiB")
        return paths
    }

    static func seconds(_ d: Duration) -> Double { d.inSeconds }
}
