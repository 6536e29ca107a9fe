import HTTPTypes
import Testing
import TesseraCore
import TesseraHTTP
import TesseraTestSupport

@Suite struct HeaderLookupTests {
    /// The fast lookup against `HTTPFields`' own subscript, over 2,000 seeded header sets where
    /// names repeat (joined values), differ only in case, share a length, or are absent.
    @Test func joinedValueAgreesWithTheSubscript() throws {
        let names = ["authorization", "Authorization", "x-amz-date", "X-Amz-Content-SHA256", "x-amz-meta-a",
                     "x-amz-meta-b", "content-type", "range", "if-match", "x-custom-fieldz", "x-custom-fielda"]
        let values = ["", "a", "AWS4-HMAC-SHA256 Credential=x", "bytes=0-1", "\"etag\"", "v, w", "  padded  "]
        var rng = SplitMix(seed: 18)
        for _ in 0..<2_000 {
            var fields = HTTPFields()
            for _ in 0..<Int(rng.next() % 8) {
                let name = try #require(HTTPField.Name(names[Int(rng.next() % UInt64(names.count))]))
                fields.append(HTTPField(name: name, value: values[Int(rng.next() % UInt64(values.count))]))
            }
            let request = WireRequest(method: .get, target: "/", authority: "h", headers: fields, body: ByteStream.empty,
                                      requestID: "r", receivedAt: Timestamp(microseconds: 0))
            for text in names + ["x-absent", "X-Absent"] {
                let name = try #require(HTTPField.Name(text))
                #expect(fields.joinedValue(name) == fields[name], "\(text) in \(fields)")
                #expect(request.header(name) == fields[name])
                #expect(request.header(text) == fields[name])
            }
            // Several at once, in one pass: each as the subscript gives it, a name asked twice too.
            let asked = ["x-amz-meta-a", "authorization", "x-absent", "x-custom-fieldz", "x-custom-fielda", "authorization", "range"]
            let expected = try asked.map { fields[try #require(HTTPField.Name($0))] }
            #expect(request.headers(named: asked) == expected, "\(fields)")
            // The section's size as sent: `name: value` and CRLF per field.
            #expect(fields.wireBytes == fields.map { "\($0.name.rawName): \($0.value)\r\n".utf8.count }.reduce(0, +))
            #expect(request.headerBytes == fields.wireBytes)
            // Names and values by prefix: as the fields list them, in order.
            for prefix in ["", "x-amz-meta-", "x-custom-field", "authorization", "x-absent"] {
                let expected = fields.filter { $0.name.canonicalName.hasPrefix(prefix) }.map { [$0.name.canonicalName, $0.value] }
                #expect(fields.namesAndValues(canonicalPrefix: prefix).map { [$0.name, $0.value] } == expected, "\(prefix) in \(fields)")
            }
            // Setting a field: the same fields in the same order as the subscript's setter makes,
            // for a name present once, several times, in another case, or not at all.
            for text in ["authorization", "Authorization", "x-amz-meta-a", "range", "x-absent"] {
                let name = try #require(HTTPField.Name(text))
                var ours = fields
                var library = fields
                ours.set("new value", for: name)
                library[name] = "new value"
                #expect(ours.map(\.name.rawName) == library.map(\.name.rawName), "\(text) in \(fields)")
                #expect(ours.map(\.value) == library.map(\.value), "\(text) in \(fields)")
                // The same with a field made before (and renamed, as the request ids are).
                var made = HTTPField(name: .contentType, value: "new value")
                made.name = name
                var byField = fields
                byField.set(made)
                #expect(byField.map(\.name.rawName) == library.map(\.name.rawName), "\(text) in \(fields)")
                #expect(byField.map(\.value) == library.map(\.value), "\(text) in \(fields)")
            }
        }
    }
}
