import Testing
import TesseraTestSupport
import TesseraCore
import TesseraHTTP
@testable import DialectBOS

/// BOS lifecycle JSON onto the engine's rules, and back (golden file).
@Suite struct BOSLifecycleDocumentTests {
    let bucket = try! BucketName("bucket")

    func parse(_ json: String) throws(StorageError) -> LifecycleConfiguration {
        try LifecycleDocuments.parse(Array(json.utf8), bucket: bucket)
    }

    func rule(action: String = "AbortMultipartUpload", resource: String = "bucket/tmp/*", date: String = "$(lastModified)+P7D") -> String {
        """
        {"rule":[{"id":"r1","status":"enabled","resource":["\(resource)"],"condition":{"time":{"dateGreaterThan":"\(date)"}},"action":{"name":"\(action)"}}]}
        """
    }

    @Test func mapsAbortMultipartUploadOntoTheEngineRule() throws {
        let c = try parse(rule())
        #expect(c.rules == [try LifecycleRule(id: "r1", enabled: true, prefix: "tmp/", abortIncompleteUpload: AbortIncompleteUpload(days: 7, basis: .initiation))])
        #expect(try parse(rule(resource: "bucket/*", date: "$(lastPart)+P2D")).rules.first?.abortIncompleteUpload == AbortIncompleteUpload(days: 2, basis: .lastActivity))
        try golden.check("GetBucketLifecycle.json", LifecycleDocuments.render(c, bucket: bucket))
        #expect(try parse(LifecycleDocuments.render(c, bucket: bucket)) == c)
    }

    @Test func refusesWhatItWouldNotEnforce() {
        func code(_ json: String) -> StorageError.Code? {
            do { _ = try parse(json); return nil } catch { return error.code }
        }
        #expect(code(rule(action: "DeleteObject")) == .notImplemented)
        #expect(code(rule(action: "Transition")) == .notImplemented)
        #expect(code(rule(date: "2016-09-07T00:00:00Z")) == .notImplemented)
        #expect(code(rule(resource: "other/tmp/*")) == .invalidArgument)
        #expect(code(rule(date: "$(lastModified)+P0D")) == .invalidArgument)
        #expect(code("{\"rule\":\"nope\"}") == .malformedDocument)
    }
}
