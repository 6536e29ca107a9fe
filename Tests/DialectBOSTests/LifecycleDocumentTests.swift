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

    /// `DeleteObject` (BOS's page: relative days or an absolute UTC midnight) onto the engine's
    /// expiration, and back; a rule that both aborts and expires shows as two BOS rules, and one
    /// BOS cannot express (a tag filter, delete markers) is not shown.
    @Test func mapsDeleteObjectOntoTheEngineExpiration() throws {
        let c = try parse("""
            {"rule":[{"id":"d7","status":"enabled","resource":["bucket/logs/*"],"condition":{"time":{"dateGreaterThan":"$(lastModified)+P7D"}},"action":{"name":"DeleteObject"}},\
            {"id":"d-date","status":"disabled","resource":["bucket/*"],"condition":{"time":{"dateGreaterThan":"2027-01-01T00:00:00Z"}},"action":{"name":"DeleteObject"}}]}
            """)
        #expect(c.rules == [
            try LifecycleRule(id: "d7", enabled: true, prefix: "logs/", abortIncompleteUpload: nil, expiration: .days(7)),
            try LifecycleRule(id: "d-date", enabled: false, prefix: "", abortIncompleteUpload: nil, expiration: .date(utc("2027-01-01T00:00:00Z"))),
        ])
        #expect(try parse(LifecycleDocuments.render(c, bucket: bucket)) == c)
        let both = try LifecycleConfiguration(rules: [
            try LifecycleRule(id: "both", enabled: true, prefix: "tmp/", abortIncompleteUpload: AbortIncompleteUpload(days: 2, basis: .initiation), expiration: .days(9)),
            try LifecycleRule(id: "tagged", enabled: true, prefix: "", tags: [ObjectTag(key: "k", value: "v")], abortIncompleteUpload: nil, expiration: .days(1)),
        ])
        try golden.check("GetBucketLifecycle-expiration.json", LifecycleDocuments.render(both, bucket: bucket))
        #expect(try parse(LifecycleDocuments.render(both, bucket: bucket)).rules.map(\.id) == ["both", "both-DeleteObject"])
    }

    @Test func refusesWhatItWouldNotEnforce() {
        func code(_ json: String) -> StorageError.Code? {
            do { _ = try parse(json); return nil } catch { return error.code }
        }
        #expect(code(rule(action: "Transition")) == .notImplemented)
        #expect(code(rule(date: "2016-09-07T00:00:00Z")) == .notImplemented)  // an absolute date for an abort
        #expect(code(rule(action: "DeleteObject", date: "2016-09-07T08:00:00Z")) == .invalidArgument)
        #expect(code(rule(action: "DeleteObject", date: "$(lastPart)+P2D")) == .invalidArgument)
        #expect(code(rule(action: "DeleteObject", date: "$(lastModified)+P0D")) == .invalidArgument)
        #expect(code(rule(resource: "other/tmp/*")) == .invalidArgument)
        #expect(code(rule(date: "$(lastModified)+P0D")) == .invalidArgument)
        #expect(code("{\"rule\":\"nope\"}") == .malformedDocument)
    }
}
