import Crypto
import NIOCore
import TesseraCore

extension BenchRun {
    // MARK: small-part

    /// Uploads `count` parts of `kib` KiB over `connections` connections into `connections`
    /// uploads initiated beforehand (part i goes to upload i mod `connections`, as part number
    /// i / `connections` + 1): the fixed cost of UploadPart with a small body, its signed payload
    /// hashed and its MD5 taken. Each answer's ETag is checked against the body's MD5, and
    /// afterwards every upload's ListParts (paged, untimed) must show its parts.
    func smallPart(bucket: String, count: Int, connections: Int, kib: Int) async throws {
        let uploads = max(1, connections)
        guard (count + uploads - 1) / uploads <= 10_000 else {
            throw S3Target.Unexpected(description: "\(count) parts over \(uploads) uploads is more than 10,000 an upload")
        }
        let keys = (0..<uploads).map { "parts/\($0)" }
        let ids = try await initiateUploads(bucket: bucket, keys: keys)
        let body = Self.base(kib * 1024)
        let etag = "\"" + Identifiers.hex(Insecure.MD5.hash(data: body.readableBytesView)) + "\""
        // Paths and queries made before the clock starts, as `initiate` makes its keys.
        let targets = (0..<count).map { i in
            (S3Target.path(bucket, keys[i % uploads]), "partNumber=\(i / uploads + 1)&uploadId=\(ids[i % uploads])")
        }
        resetPeak()
        let (wall, cpu) = try await parallel(count: count, connections: connections) { conn, i in
            let r = try await target.call(&conn, .PUT, targets[i].0, query: targets[i].1, body: body)
            guard r.headers.first(name: "ETag") == etag else {
                throw S3Target.Unexpected(description: "UploadPart \(targets[i].1): ETag \(r.headers.first(name: "ETag") ?? "none"), expected \(etag)")
            }
        }
        for (u, key) in keys.enumerated() {
            let expected = count / uploads + (u < count % uploads ? 1 : 0)
            let listed = try await partsListed(bucket: bucket, key: key, uploadID: ids[u])
            guard listed == expected else {
                throw S3Target.Unexpected(description: "ListParts of \(key): \(listed) parts, expected \(expected)")
            }
        }
        report("small-part", "\(kib) KiB UploadPart rate (\(connections) conns)", Double(count) / wall, "parts/s")
        reportCPU("small-part", per: "UploadPart", cpu, Double(count), scale: 1e6, "µs")
    }

    // MARK: list-parts

    /// Lists the parts of `connections` uploads of two parts each (made beforehand, untimed),
    /// `count` times over `connections` connections: the fixed cost of a ListParts page, each
    /// answer checked to name both parts.
    func listParts(bucket: String, count: Int, connections: Int) async throws {
        let uploads = max(1, connections)
        let keys = (0..<uploads).map { "listed-parts/\($0)" }
        let ids = try await initiateUploads(bucket: bucket, keys: keys)
        let body = ByteBuffer(repeating: UInt8(ascii: "p"), count: 1024)
        _ = try await parallel(count: uploads * 2, connections: connections) { conn, i in
            _ = try await target.call(&conn, .PUT, S3Target.path(bucket, keys[i % uploads]),
                                      query: "partNumber=\(i / uploads + 1)&uploadId=\(ids[i % uploads])", body: body)
        }
        let targets = (0..<uploads).map { (S3Target.path(bucket, keys[$0]), "uploadId=\(ids[$0])") }
        resetPeak()
        let (wall, cpu) = try await parallel(count: count, connections: connections) { conn, i in
            let (path, query) = targets[i % uploads]
            let r = try await target.call(&conn, .GET, path, query: query)
            let numbers = S3Target.elements("PartNumber", in: r.body)
            guard numbers == ["1", "2"] else {
                throw S3Target.Unexpected(description: "ListParts \(path): parts \(numbers), expected 1 and 2")
            }
        }
        report("list-parts", "ListParts rate (\(connections) conns)", Double(count) / wall, "pages/s")
        reportCPU("list-parts", per: "ListParts", cpu, Double(count), scale: 1e6, "µs")
    }

    /// Initiates one upload for each key, untimed; returns their ids in order.
    func initiateUploads(bucket: String, keys: [String]) async throws -> [String] {
        try await one { conn in
            var ids: [String] = []
            for key in keys {
                let r = try await target.call(&conn, .POST, S3Target.path(bucket, key), query: "uploads")
                guard let id = S3Target.element("UploadId", in: r.body) else { throw S3Target.Unexpected(description: "no UploadId for \(key)") }
                ids.append(id)
            }
            return ids
        }
    }

    /// How many parts ListParts shows for an upload, following its pages.
    func partsListed(bucket: String, key: String, uploadID: String) async throws -> Int {
        try await one { conn in
            var (listed, marker) = (0, "0")
            while true {
                let r = try await target.call(&conn, .GET, S3Target.path(bucket, key), query: "part-number-marker=\(marker)&uploadId=\(uploadID)")
                listed += S3Target.elements("PartNumber", in: r.body).count
                guard S3Target.element("IsTruncated", in: r.body) == "true", let next = S3Target.element("NextPartNumberMarker", in: r.body) else { break }
                marker = next
            }
            return listed
        }
    }
}
