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

    /// AWS's examples of expiration rules (tag and size filters, a date, delete markers beside an
    /// abort), rendered as the golden file holds them and read back the same.
    @Test func roundTripsExpirationRules() throws {
        let c = try parse("""
            <Rule><ID>tagged</ID><Filter><And><Prefix>key-prefix</Prefix>\
            <Tag><Key>key1</Key><Value>value1</Value></Tag><Tag><Key>key2</Key><Value>value2</Value></Tag></And></Filter>\
            <Status>Enabled</Status><Expiration><Days>365</Days></Expiration></Rule>\
            <Rule><ID>sized</ID><Filter><And><Prefix>tax/</Prefix><ObjectSizeGreaterThan>500</ObjectSizeGreaterThan>\
            <ObjectSizeLessThan>64000</ObjectSizeLessThan></And></Filter><Status>Enabled</Status>\
            <Expiration><Date>2027-01-01T00:00:00Z</Date></Expiration></Rule>\
            <Rule><ID>one-tag</ID><Filter><Tag><Key>k</Key><Value></Value></Tag></Filter><Status>Disabled</Status>\
            <Expiration><Date>2027-02-01</Date></Expiration></Rule>\
            <Rule><ID>Rule 1</ID><Filter><Prefix>logs/</Prefix></Filter><Status>Enabled</Status>\
            <Expiration><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration>\
            <AbortIncompleteMultipartUpload><DaysAfterInitiation>7</DaysAfterInitiation></AbortIncompleteMultipartUpload></Rule>\
            <Rule><ID>small</ID><Filter><ObjectSizeLessThan>1024</ObjectSizeLessThan></Filter><Status>Enabled</Status>\
            <Expiration><Days>1</Days></Expiration></Rule>
            """)
        #expect(c.rules[0].tags == [ObjectTag(key: "key1", value: "value1"), ObjectTag(key: "key2", value: "value2")])
        #expect(c.rules[0].expiration == .days(365))
        #expect(c.rules[1].prefix == "tax/")
        #expect(c.rules[1].objectSizeGreaterThan == 500)
        #expect(c.rules[1].objectSizeLessThan == 64000)
        #expect(c.rules[1].expiration == .date(utc("2027-01-01T00:00:00Z")))
        #expect(c.rules[2].expiration == .date(utc("2027-02-01T00:00:00Z")))
        #expect(c.rules[3].expiration == .expiredObjectDeleteMarker)
        #expect(c.rules[3].abortIncompleteUpload == AbortIncompleteUpload(days: 7, basis: .initiation))
        try golden.check("LifecycleConfiguration-expiration.xml", LifecycleDocuments.render(c))
        #expect(try LifecycleDocuments.parse(Array(LifecycleDocuments.render(c).utf8)) == c)
    }

    @Test func refusesWhatItWouldNotEnforce() {
        func code(_ rules: String) -> StorageError.Code? {
            do { _ = try parse(rules); return nil } catch { return error.code }
        }
        let abort = "<AbortIncompleteMultipartUpload><DaysAfterInitiation>1</DaysAfterInitiation></AbortIncompleteMultipartUpload>"
        #expect(code("<Rule><ID>x</ID><Filter/><Status>Enabled</Status>\(abort)<NoncurrentVersionExpiration><NoncurrentDays>3</NoncurrentDays></NoncurrentVersionExpiration></Rule>") == .notImplemented)
        #expect(code("<Rule><ID>x</ID><Filter/><Status>Enabled</Status><Expiration><Days>3</Days><Date>2027-01-01T00:00:00Z</Date></Expiration></Rule>") == .malformedDocument)
        #expect(code("<Rule><ID>x</ID><Filter/><Status>Enabled</Status><Expiration><Days>0</Days></Expiration></Rule>") == .invalidArgument)
        #expect(code("<Rule><ID>x</ID><Filter/><Status>Enabled</Status><Expiration><Date>2027-01-01T12:00:00Z</Date></Expiration></Rule>") == .invalidArgument)
        #expect(code("<Rule><ID>x</ID><Filter/><Status>Enabled</Status><Expiration><Date>soon</Date></Expiration></Rule>") == .invalidArgument)
        #expect(code("<Rule><ID>x</ID><Filter><Prefix>a</Prefix><Tag><Key>k</Key><Value>v</Value></Tag></Filter><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>") == .malformedDocument)
        #expect(code("<Rule><ID>x</ID><Filter><ObjectSizeLessThan>big</ObjectSizeLessThan></Filter><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>") == .invalidArgument)
        #expect(code("<Rule><ID>x</ID><Filter><ObjectSizeGreaterThan>5</ObjectSizeGreaterThan></Filter><Status>Enabled</Status>\(abort)</Rule>") == .invalidRequest)
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
