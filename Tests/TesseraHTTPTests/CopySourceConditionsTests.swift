import HTTPTypes
import Testing
import TesseraCore
import TesseraHTTP

/// The conditions a copy puts on its source, read from one dialect's headers and combined as S3
/// combines them.
@Suite struct CopySourceConditionsTests {
    let etag = ETag(hex: "5eb63bbbe01eeed093cb22bb8f5acdc3")
    let modified = Timestamp(microseconds: 1_700_000_000_000_000)

    func source() throws -> ObjectRecord {
        ObjectRecord(bucket: try BucketName("bkt"), key: try ObjectKey("src"), size: 1, etag: etag, lastModified: modified,
                     attributes: ObjectAttributes(), checksums: [], manifest: [], owner: Owner(id: "o", displayName: "o"))
    }

    func conditions(_ headers: [(String, String)], prefix: String = "x-bce-copy-source-") throws -> CopySourceConditions {
        var fields = HTTPFields()
        for (name, value) in headers { fields.append(HTTPField(name: try #require(HTTPField.Name(name)), value: value)) }
        let request = WireRequest(method: .put, target: "/bkt/dst", authority: "h", headers: fields, body: ByteStream.empty,
                                  requestID: "r", receivedAt: Timestamp(microseconds: 0))
        return CopySourceConditions(request, headerPrefix: prefix)
    }

    /// The header that failed, with the dialect's prefix; nil when the source passes.
    func failure(_ headers: [(String, String)], prefix: String = "x-bce-copy-source-") throws -> String? {
        let (given, record) = (try conditions(headers, prefix: prefix), try source())
        do {
            try given.check(record)
            return nil
        } catch {
            #expect(error.code == .preconditionFailed)
            return error.context.condition
        }
    }

    @Test func eachConditionAloneHoldsOrFails() throws {
        let before = modified.adding(seconds: -60).httpDate, after = modified.adding(seconds: 60).httpDate, at = modified.httpDate
        #expect(try failure([]) == nil)
        #expect(try failure([("x-bce-copy-source-if-match", etag.quoted)]) == nil)
        #expect(try failure([("x-bce-copy-source-if-match", "\"0000\", \(etag.hex)")]) == nil)
        #expect(try failure([("x-bce-copy-source-if-match", "*")]) == nil)
        #expect(try failure([("x-bce-copy-source-if-match", "\"0000\"")]) == "x-bce-copy-source-if-match")
        #expect(try failure([("x-bce-copy-source-if-none-match", etag.quoted)]) == "x-bce-copy-source-if-none-match")
        #expect(try failure([("x-bce-copy-source-if-none-match", "\"0000\"")]) == nil)
        #expect(try failure([("x-bce-copy-source-if-unmodified-since", before)]) == "x-bce-copy-source-if-unmodified-since")
        #expect(try failure([("x-bce-copy-source-if-unmodified-since", at)]) == nil)
        #expect(try failure([("x-bce-copy-source-if-modified-since", at)]) == "x-bce-copy-source-if-modified-since")
        #expect(try failure([("x-bce-copy-source-if-modified-since", before)]) == nil)
        #expect(try failure([("x-bce-copy-source-if-modified-since", "not a date")]) == nil, "a date that does not parse is ignored")
        #expect(try failure([("x-bce-copy-source-if-modified-since", after)]) == "x-bce-copy-source-if-modified-since")
    }

    /// S3's pairs: a holding if-match overrides a failing if-unmodified-since; a failing
    /// if-none-match fails whatever if-modified-since says, a holding one overrides it.
    @Test func pairsCombineAsS3Does() throws {
        let before = modified.adding(seconds: -60).httpDate, after = modified.adding(seconds: 60).httpDate
        #expect(try failure([("x-amz-copy-source-if-match", etag.quoted), ("x-amz-copy-source-if-unmodified-since", before)],
                            prefix: "x-amz-copy-source-") == nil)
        #expect(try failure([("x-amz-copy-source-if-none-match", etag.quoted), ("x-amz-copy-source-if-modified-since", before)],
                            prefix: "x-amz-copy-source-") == "x-amz-copy-source-if-none-match")
        #expect(try failure([("x-amz-copy-source-if-none-match", "\"0000\""), ("x-amz-copy-source-if-modified-since", after)],
                            prefix: "x-amz-copy-source-") == nil)
    }

    @Test func anotherDialectsHeadersAreNotRead() throws {
        #expect(try failure([("x-amz-copy-source-if-match", "\"0000\"")]) == nil)
    }
}
