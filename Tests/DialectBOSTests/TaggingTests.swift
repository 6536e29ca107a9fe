import Foundation
import HTTPTypes
import Testing
import TesseraTestSupport
import TesseraCore
import TesseraHTTP
@testable import DialectBOS

/// BOS's object tags: the routes, `x-bce-tagging`, and the JSON body in the form BOS's page
/// writes and in the form the Java SDK writes; the answer in the SDK's form.
@Suite struct BOSTaggingTests {
    let golden = Golden(besides: #filePath)
    let b = try! BucketName("my-bucket")

    func route(_ m: HTTPRequest.Method, _ target: String) throws -> BOSOperation {
        try BOSRouter.route(request(m, target, host: "127.0.0.1"))
    }

    @Test func routes() throws {
        let k = try ObjectKey("k")
        #expect(try route(.get, "/my-bucket/k?tagging") == .getObjectTagging(b, k))
        #expect(try route(.put, "/my-bucket/k?tagging=") == .putObjectTagging(b, k))
        #expect(try route(.delete, "/my-bucket/k?tagging") == .deleteObjectTagging(b, k))
        #expect(try route(.get, "/my-bucket?tagging") == .getBucketTagging(b))
        #expect(try route(.put, "/my-bucket?tagging=") == .putBucketTagging(b))
        #expect(try route(.delete, "/v1/my-bucket?tagging") == .deleteBucketTagging(b))
        #expect(throws: WireError.self) { try route(.post, "/my-bucket?tagging") }
    }

    @Test func header() throws {
        #expect(try BOSHeaders.tags(request(.put, "/b/k", host: "h", headers: [("x-bce-tagging", "bos1=value1&bos2=values2")]))
                == [ObjectTag(key: "bos1", value: "value1"), ObjectTag(key: "bos2", value: "values2")])
        #expect(try BOSHeaders.tags(request(.put, "/b/k", host: "h")) == nil)
        #expect(try BOSHeaders.attributes(request(.put, "/b/k", host: "h", headers: [("x-bce-tagging", "a=1")])).tags == [ObjectTag(key: "a", value: "1")])
        #expect(throws: StorageError.self) { try BOSHeaders.tags(request(.put, "/b/k", host: "h", headers: [("x-bce-tagging", "a=1&a=2")])) }
    }

    /// BOS's PutObjectTagging example body, and the same tags as the Java SDK sends them.
    @Test func bodyInEitherFormAndTheAnswer() throws {
        let page = #"{"tagSet":[{"tagInfo":[{"key":"key1","value":"value1"}, {"key":"key2","value":"value2"}]}]}"#
        let sdk = #"{"tagSet":[{"tagInfo":{"key2":"value2","key1":"value1"}}]}"#
        let tags = [ObjectTag(key: "key1", value: "value1"), ObjectTag(key: "key2", value: "value2")]
        #expect(try TaggingDocuments.parse(Array(page.utf8)) == tags)
        #expect(try TaggingDocuments.parse(Array(sdk.utf8)) == tags)
        try golden.check("GetObjectTagging.json", TaggingDocuments.render(tags))
        #expect(try TaggingDocuments.parse(Array(TaggingDocuments.render(tags).utf8)) == tags)
        for bad in ["", "{}", #"{"tagSet":[{"tagInfo":[{"key":"k"}]}]}"#, #"{"tagSet":[{"tagInfo":"k=v"}]}"#] {
            #expect(throws: StorageError.self, "\(bad)") { try TaggingDocuments.parse(Array(bad.utf8)) }
        }
        #expect(throws: StorageError(.invalidTag, "Your TagKey cannot be prefixed with aws:")) {
            try TaggingDocuments.parse(Array(#"{"tagSet":[{"tagInfo":{"aws:k":"v"}}]}"#.utf8))
        }
    }

    /// A bucket's tags in the forms of BOS's Go SDK: `PutBucketTagArgs` in, `GetBucketTagResult` out.
    @Test func bucketTagsInTheSDKsForms() throws {
        let put = #"{"tags":[{"tagKey":"key1","tagValue":"value1"},{"tagKey":"key2","tagValue":"value2"}]}"#
        let tags = [ObjectTag(key: "key1", value: "value1"), ObjectTag(key: "key2", value: "value2")]
        #expect(try TaggingDocuments.parseBucket(Array(put.utf8)) == tags)
        try golden.check("GetBucketTagging.json", TaggingDocuments.renderBucket(tags))
        for bad in ["{}", #"{"tags":[{"tagKey":"k"}]}"#, #"{"tag":[{"tag_key":"k","tag_value":"v"}]}"#] {
            #expect(throws: StorageError.self, "\(bad)") { try TaggingDocuments.parseBucket(Array(bad.utf8)) }
        }
        let fiftyOne = (0...50).map { #"{"tagKey":"k\#($0)","tagValue":"v"}"# }.joined(separator: ",")
        #expect(throws: StorageError.self) { try TaggingDocuments.parseBucket(Array(#"{"tags":[\#(fiftyOne)]}"#.utf8)) }
        #expect(BOSErrors.missingConfigurationCode("tagging") == "NoSuchTagSet")
    }
}
