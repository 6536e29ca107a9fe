import HTTPTypes
import Testing
import TesseraTestSupport
import TesseraCore
import TesseraHTTP
@testable import DialectS3

/// `LifecycleConfiguration` parsing (what boto3 sends) and rendering (golden file).
@Suite struct LifecycleDocumentTests {
    func parse(_ rules: String) throws(StorageError) -> LifecycleConfiguration {
        try LifecycleDocuments.parse(Array("<LifecycleConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\(rules)</LifecycleConfiguration>".utf8))
    }

    @Test func roundTripsAbortRules() throws {
        let c = try parse("""
            <Rule><ID>tmp-1d</ID><Filter><Prefix>tmp/</Prefix></Filter><Status>Enabled</Status>\
            <AbortIncompleteMultipartUpload><DaysAfterInitiation>1</DaysAfterInitiation></AbortIncompleteMultipartUpload></Rule>\
            <Rule><ID>legacy</ID><Prefix>logs/</Prefix><Status>Disabled</Status>\
            <AbortIncompleteMultipartUpload><DaysAfterInitiation>30</DaysAfterInitiation></AbortIncompleteMultipartUpload></Rule>\
            <Rule><ID>idle</ID><Filter></Filter><Status>Enabled</Status>\
            <AbortIncompleteMultipartUpload><DaysAfterLastPart>3</DaysAfterLastPart></AbortIncompleteMultipartUpload></Rule>
            """)
        #expect(c.rules.map(\.prefix) == ["tmp/", "logs/", ""])
        #expect(c.rules.map(\.enabled) == [true, false, true])
        #expect(c.rules.map(\.abortIncompleteUpload) == [AbortIncompleteUpload(days: 1, basis: .initiation),
                                                         AbortIncompleteUpload(days: 30, basis: .initiation),
                                                         AbortIncompleteUpload(days: 3, basis: .lastActivity)])
        try golden.check("LifecycleConfiguration.xml", LifecycleDocuments.render(c))
        #expect(try LifecycleDocuments.parse(Array(LifecycleDocuments.render(c).utf8)) == c)
    }

    @Test func refusesWhatItWouldNotEnforce() {
        func code(_ rules: String) -> StorageError.Code? {
            do { _ = try parse(rules); return nil } catch { return error.code }
        }
        let abort = "<AbortIncompleteMultipartUpload><DaysAfterInitiation>1</DaysAfterInitiation></AbortIncompleteMultipartUpload>"
        #expect(code("<Rule><ID>x</ID><Filter/><Status>Enabled</Status><Expiration><Days>3</Days></Expiration></Rule>") == .notImplemented)
        #expect(code("<Rule><ID>x</ID><Filter/><Status>Enabled</Status>\(abort)<Transition><Days>3</Days><StorageClass>GLACIER</StorageClass></Transition></Rule>") == .notImplemented)
        #expect(code("<Rule><ID>x</ID><Filter><Tag><Key>a</Key><Value>b</Value></Tag></Filter><Status>Enabled</Status>\(abort)</Rule>") == .invalidRequest)
        #expect(code("<Rule><ID>x</ID><Filter/><Status>enabled</Status>\(abort)</Rule>") == .malformedDocument)
        #expect(code("<Rule><ID>x</ID><Filter/><Status>Enabled</Status></Rule>") == .malformedDocument)
        #expect(code("<Rule><ID>x</ID><Prefix>a</Prefix><Filter/><Status>Enabled</Status>\(abort)</Rule>") == .malformedDocument)
        #expect(code("<Rule><ID>x</ID><Filter/><Status>Enabled</Status><AbortIncompleteMultipartUpload><DaysAfterInitiation>0</DaysAfterInitiation></AbortIncompleteMultipartUpload></Rule>") == .invalidArgument)
        #expect(code("<Rule><ID>x</ID><Filter/><Status>Enabled</Status>\(abort)</Rule><Rule><ID>x</ID><Filter/><Status>Enabled</Status>\(abort)</Rule>") == .invalidArgument)
        #expect(code("") == .malformedDocument)
    }

    @Test func routesLifecycle() throws {
        func op(_ method: HTTPRequest.Method, _ target: String) throws -> S3Operation {
            try S3Router.route(request(method, target, host: "127.0.0.1:9000"))
        }
        let b = try BucketName("bkt")
        #expect(try op(.put, "/bkt?lifecycle") == .putBucketLifecycle(b))
        #expect(try op(.get, "/bkt?lifecycle=") == .getBucketLifecycle(b))
        #expect(try op(.delete, "/bkt?lifecycle") == .deleteBucketLifecycle(b))
    }
}
