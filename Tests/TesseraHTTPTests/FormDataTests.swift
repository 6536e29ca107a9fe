import NIOCore
import Testing
import TesseraCore
import TesseraTestSupport
@testable import TesseraHTTP

/// The streaming `multipart/form-data` reader of form uploads: the fields before the file, the
/// file's bytes whatever the chunks they arrive in, and the forms it refuses.
@Suite struct FormDataTests {
    struct Malformed: Error {}

    static func form(_ fields: [(String, String)], file: [UInt8]?, boundary: String = "XyZ123", filename: String = "cat.png",
                     closing: String = "--\r\n") -> [UInt8] {
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        if let file {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\nContent-Type: image/png\r\n\r\n".utf8)
            body += file + Array("\r\n".utf8)
        }
        return body + Array("--\(boundary)\(closing)".utf8)
    }

    /// Reads `body` in pieces of `step` bytes (or in one), draining the file.
    static func read(_ body: [UInt8], step: Int? = nil, boundary: String = "XyZ123", maxFieldBytes: Int = 20 * 1024)
        async throws -> (fields: [FormData.Field], name: String?, filename: String?, type: String?, file: [UInt8]?) {
        let size = step ?? max(body.count, 1)
        let pieces = stride(from: 0, to: body.count, by: size).map { ByteBuffer(bytes: body[$0..<min($0 + size, body.count)]) }
        let (fields, file) = try await FormData.read(.buffers(pieces), boundary: boundary, maxFieldBytes: maxFieldBytes, malformed: Malformed())
        var bytes: [UInt8]?
        if let file {
            bytes = []
            for try await chunk in file.content { bytes! += chunk.readableBytesView }
        }
        return (fields, file?.name, file?.filename, file?.contentType, bytes)
    }

    @Test func fieldsThenTheFileInAnyChunks() async throws {
        // Bytes that look like the boundary's start, a line break, and the boundary without its
        // leading line break, inside the file: all part of it.
        let content = Array("\r\n--XyZ12 and \r\n-- and --XyZ123 inside, \r\n--XyZ1".utf8) + (0..<3000).map { UInt8($0 % 251) }
        let body = Self.form([("key", "uploads/${filename}"), ("Content-Type", "image/png"), ("x-amz-meta-note", "a\r\nb")], file: content)
        for step in [1, 2, 3, 7, 16, 17, 40, 41, 64, 1000, body.count] {
            let r: (fields: [FormData.Field], name: String?, filename: String?, type: String?, file: [UInt8]?)
            do { r = try await Self.read(body, step: step) } catch { Issue.record("step \(step): \(error)"); continue }
            #expect(r.fields == [FormData.Field(name: "key", value: "uploads/${filename}"), FormData.Field(name: "Content-Type", value: "image/png"),
                                 FormData.Field(name: "x-amz-meta-note", value: "a\r\nb")], "step \(step)")
            #expect(r.name == "file" && r.filename == "cat.png" && r.type == "image/png")
            #expect(r.file == content, "step \(step)")
        }
    }

    @Test func randomFilesAndSplitsReadTheSame() async throws {
        for seed in TestSeeds.seeds([1, 2, 3, 4, 5, 6, 7, 8]) {
            var rng = SeededRandom(seed: seed)
            // Files made of the boundary's own bytes, to meet its partial matches everywhere.
            let alphabet = Array("\r\n-XyZ123".utf8)
            let content = (0..<Int.random(in: 0...5000, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            let body = Self.form([("key", "k")], file: content)
            let r = try await Self.read(body, step: Int.random(in: 1...200, using: &rng))
            #expect(r.file == content, "\(TestSeeds.replay(seed))")
        }
    }

    @Test func whatItRefusesAndWhatItTakes() async throws {
        func refused(_ body: [UInt8], maxFieldBytes: Int = 20 * 1024) async -> Bool {
            do { _ = try await Self.read(body, step: 5, maxFieldBytes: maxFieldBytes); return false } catch { return error is Malformed }
        }
        // A form without a file, and an empty file.
        #expect(try await Self.read(Self.form([("key", "k")], file: nil)).file == nil)
        #expect(try await Self.read(Self.form([("key", "k")], file: [])).file == [])
        // A preamble before the first boundary is skipped.
        #expect(try await Self.read(Array("preamble\r\n".utf8) + Self.form([("key", "k")], file: [1, 2])).file == [1, 2])
        // Another boundary, no boundary, a part without a name, a file cut short, fields too long.
        #expect(await refused(Self.form([("key", "k")], file: [1], boundary: "other")))
        #expect(await refused(Array("no form here".utf8)))
        #expect(await refused(Array("--XyZ123\r\nContent-Disposition: form-data\r\n\r\nv\r\n--XyZ123--\r\n".utf8)))
        #expect(await refused(Array(Self.form([("key", "k")], file: Array(repeating: 7, count: 100)).dropLast(30))))
        #expect(await refused(Self.form([("key", String(repeating: "v", count: 300))], file: [1]), maxFieldBytes: 200))
        // A boundary followed by neither `--` nor a line break.
        #expect(await refused(Array("--XyZ123xx\r\n".utf8)))
        #expect(FormData.boundary(contentType: "multipart/form-data; boundary=\"a b\"") == "a b")
        #expect(FormData.boundary(contentType: "Multipart/Form-Data;boundary=----WebKitFormBoundaryQ") == "----WebKitFormBoundaryQ")
        #expect(FormData.boundary(contentType: "application/x-www-form-urlencoded") == nil)
        #expect(FormData.boundary(contentType: "multipart/form-data") == nil)
        #expect(FormData.boundary(contentType: "multipart/form-data; boundary=" + String(repeating: "b", count: 71)) == nil)
    }
}
