import Testing
import TesseraTestSupport
import TesseraCore
import TesseraHTTP
@testable import DialectS3

@Suite struct RouterTests {
    func route(_ m: HTTPRequestMethod, _ target: String, _ headers: [(String, String)] = []) throws -> S3Operation {
        try S3Router.route(request(m.method, target, host: "127.0.0.1:9000", headers: headers))
    }

    enum HTTPRequestMethod { case get, put, post, delete, head, options
        var method: HTTPTypesMethod {
            switch self { case .get: .get; case .put: .put; case .post: .post; case .delete: .delete; case .head: .head; case .options: .options }
        }
    }

    let b = try! BucketName("mybkt")

    @Test func routes() throws {
        let k = try ObjectKey("dir/hello world+.txt")
        #expect(try route(.get, "/") == .listBuckets(.all))
        #expect(try route(.put, "/mybkt") == .createBucket(b))
        #expect(try route(.get, "/mybkt?location") == .getBucketLocation(b))
        #expect(try route(.post, "/mybkt?delete") == .deleteObjects(b))
        #expect(try route(.put, "/mybkt/dir/hello%20world%2B.txt") == .putObject(b, k, .none))
        #expect(try route(.put, "/mybkt/k", [("If-None-Match", "*")]) == .putObject(b, try ObjectKey("k"), .absent))
        #expect(try route(.put, "/mybkt/k", [("If-Match", "\"0c78aef83f66abc1fa1e8477f296d394\"")])
                == .putObject(b, try ObjectKey("k"), .matching(ETag(hex: "0c78aef83f66abc1fa1e8477f296d394"))))
        #expect(try route(.post, "/mybkt/k?uploadId=U", [("If-None-Match", "*")]) == .completeMultipartUpload(b, try ObjectKey("k"), UploadID("U"), .absent))
        #expect(throws: StorageError.self) { try route(.put, "/mybkt/k", [("If-None-Match", "\"abc\"")]) }
        #expect(try route(.post, "/mybkt/dir/hello%20world%2B.txt?uploads") == .createMultipartUpload(b, k))
        #expect(try route(.put, "/mybkt/dir/hello%20world%2B.txt?uploadId=U&partNumber=3") == .uploadPart(b, k, UploadID("U"), PartNumber(trusted: 3)))
        #expect(try route(.put, "/mybkt/dir/hello%20world%2B.txt?partNumber=3&uploadId=U", [("x-amz-copy-source", "src/a%20b")])
                == .uploadPartCopy(b, k, UploadID("U"), PartNumber(trusted: 3), source: CopySource(bucket: try BucketName("src"), key: try ObjectKey("a b"))))
        #expect(try route(.post, "/mybkt/dir/hello%20world%2B.txt?uploadId=U") == .completeMultipartUpload(b, k, UploadID("U"), .none))
        #expect(try route(.delete, "/mybkt/dir/hello%20world%2B.txt?uploadId=U") == .abortMultipartUpload(b, k, UploadID("U")))
        #expect(try route(.delete, "/mybkt/dir/hello%20world%2B.txt") == .deleteObject(b, k, .none))
        #expect(try route(.delete, "/mybkt/dir/hello%20world%2B.txt", [("If-Match", "*")]) == .deleteObject(b, k, .present))
        #expect(try route(.head, "/mybkt/dir/hello%20world%2B.txt") == .headObject(b, k))
        #expect(try route(.put, "/mybkt/x", [("x-amz-copy-source", "/src/y?versionId=null")])
                == .copyObject(b, try ObjectKey("x"), source: CopySource(bucket: try BucketName("src"), key: try ObjectKey("y")), condition: .none))
        #expect(try route(.put, "/mybkt/x", [("x-amz-copy-source", "/src/y"), ("If-None-Match", "*")])
                == .copyObject(b, try ObjectKey("x"), source: CopySource(bucket: try BucketName("src"), key: try ObjectKey("y")), condition: .absent))
        #expect(try route(.get, "/mybkt?acl") == .getBucketACL(b))
        #expect(try route(.put, "/mybkt/dir/hello%20world%2B.txt?acl") == .putObjectACL(b, k))
        // A bucket configuration never kept: read and deleted as S3 answers when it is not set, never set.
        #expect(try route(.get, "/mybkt?website") == .getUnsetConfiguration(b, .website))
        #expect(try route(.delete, "/mybkt?website") == .deleteUnsetConfiguration(b, .website))
        #expect(try route(.put, "/mybkt?website") == .unsupported("PUT ?website"))
        // The bucket policy is kept.
        #expect(try route(.get, "/mybkt?policy") == .getBucketPolicy(b))
        #expect(try route(.put, "/mybkt?policy") == .putBucketPolicy(b))
        #expect(try route(.delete, "/mybkt?policy") == .deleteBucketPolicy(b))
        #expect(try route(.get, "/mybkt?policyStatus") == .getBucketPolicyStatus(b))
        #expect(try route(.put, "/mybkt?policyStatus") == .unsupported("PUT ?policyStatus"))
        #expect(try route(.get, "/mybkt?object-lock") == .getUnsetConfiguration(b, .objectLock))
        #expect(try route(.delete, "/mybkt?logging") == .unsupported("DELETE ?logging"))  // S3 has no such delete
        #expect(try route(.get, "/mybkt/k?policy") == .unsupported("GET ?policy"))
        #expect(try route(.get, "/mybkt/k?website") == .unsupported("GET ?website"))
        #expect(try route(.get, "/mybkt/k?retention") == .objectLockOfObject(b, try ObjectKey("k"), legalHold: false, read: true))
        #expect(try route(.put, "/mybkt/k?legal-hold") == .objectLockOfObject(b, try ObjectKey("k"), legalHold: true, read: false))
        #expect(try route(.put, "/mybkt/k?legal-hold").name == "PutObjectLegalHold")
        #expect(try route(.delete, "/mybkt/k?retention") == .unsupported("DELETE ?retention"))
        // Several at once: the first in the list of unsupported ones is named, whatever the query's order.
        #expect(try route(.put, "/mybkt/k?website&x=1&logging") == .unsupported("PUT ?website"))
        // An object's tags are kept, and a bucket's.
        #expect(try route(.put, "/mybkt/k?tagging&x=1&cors") == .putObjectTagging(b, try ObjectKey("k")))
        #expect(try route(.get, "/mybkt/dir/hello%20world%2B.txt?tagging") == .getObjectTagging(b, k))
        #expect(try route(.delete, "/mybkt/k?tagging") == .deleteObjectTagging(b, try ObjectKey("k")))
        #expect(try route(.get, "/mybkt?tagging") == .getBucketTagging(b))
        #expect(try route(.delete, "/mybkt?tagging") == .deleteBucketTagging(b))
        #expect(try route(.put, "/mybkt?tagging&cors") == .putBucketTagging(b))
        // A bucket's CORS rules are kept; a preflight is answered whatever else the URL names.
        #expect(try route(.get, "/mybkt?cors") == .getBucketCors(b))
        #expect(try route(.put, "/mybkt?cors") == .putBucketCors(b))
        #expect(try route(.delete, "/mybkt?cors") == .deleteBucketCors(b))
        #expect(throws: WireError.self) { try route(.post, "/mybkt?cors") }
        #expect(try route(.get, "/mybkt/k?cors") == .unsupported("GET ?cors"))
        #expect(try route(.options, "/mybkt") == .preflight(b, object: false))
        #expect(try route(.options, "/mybkt/k?uploadId=U&partNumber=1&X-Amz-Signature=s") == .preflight(b, object: true))
        #expect(try route(.options, "/mybkt?cors").name == "OptionsPreflight" && route(.options, "/mybkt/k").bucket == b)
        #expect(throws: WireError.self) { try route(.options, "/") }
        #expect(try route(.get, "/mybkt?ownershipControls") == .getOwnershipControls(b))
        #expect(try route(.put, "/mybkt?ownershipControls") == .putOwnershipControls(b))
        #expect(try route(.delete, "/mybkt?ownershipControls") == .deleteOwnershipControls(b))
        #expect(try route(.get, "/mybkt?publicAccessBlock") == .getPublicAccessBlock(b))
        #expect(try route(.put, "/mybkt?publicAccessBlock") == .putPublicAccessBlock(b))
        #expect(try route(.delete, "/mybkt?publicAccessBlock") == .deletePublicAccessBlock(b))
        #expect(try route(.get, "/mybkt/k?publicAccessBlock") == .unsupported("GET ?publicAccessBlock"))
        // A form posted to the bucket is a browser's upload; another POST to it is not served.
        #expect(try route(.post, "/mybkt", [("Content-Type", "multipart/form-data; boundary=----x")]) == .postObject(b))
        #expect(try route(.post, "/mybkt", [("Content-Type", "multipart/form-data; boundary=----x")]).name == "PostObject")
        #expect(try route(.post, "/mybkt", [("Content-Type", "application/x-www-form-urlencoded")]) == .unsupported("POST bucket"))
        // The bucket an expected owner is checked against, and a copy's source bucket.
        #expect(try route(.get, "/mybkt?list-type=2").bucket == b && route(.get, "/").bucket == nil)
        #expect(try route(.put, "/mybkt/k?partNumber=1&uploadId=U", [("x-amz-copy-source", "src/a")]).sourceBucket == BucketName("src"))
        #expect(try route(.put, "/mybkt/k?partNumber=1&uploadId=U", [("x-amz-copy-source", "src/a")]).bucket == b)
        #expect(throws: WireError.self) { try route(.post, "/mybkt/k?tagging") }
        #expect(try route(.get, "/mybkt/k?torrent") == .unsupported("GET ?torrent"))
        #expect(try route(.post, "/mybkt/k?restore") == .restoreObject(b, try ObjectKey("k")))
        #expect(try route(.post, "/mybkt/k?restore").name == "RestoreObject")
        #expect(try route(.get, "/mybkt/k?restore") == .unsupported("GET ?restore"))
        #expect(try route(.post, "/mybkt?restore") == .unsupported("POST ?restore"))
        #expect(try route(.get, "/mybkt/k?uploads-not&Policy") == .getObject(b, try ObjectKey("k")))
    }

    /// Virtual-hosted-style: the bucket from `<bucket>.<domain>[:port]`, the whole path the key;
    /// the domain itself and unknown hosts are path style.
    @Test func virtualHostedStyle() throws {
        func route(_ m: HTTPTypesMethod, _ target: String, host: String) throws -> S3Operation {
            try S3Router.route(request(m, target, host: host), domains: ["localhost", "s3.example.com"])
        }
        let k = try ObjectKey("dir/hello world+.txt")
        #expect(try route(.get, "/dir/hello%20world%2B.txt", host: "mybkt.localhost:9000") == .getObject(b, k))
        #expect(try route(.get, "/dir/hello%20world%2B.txt", host: "MyBkt.S3.Example.com") == .getObject(b, k))
        #expect(try route(.put, "/", host: "mybkt.localhost") == .createBucket(b))
        #expect(try route(.get, "/", host: "localhost:9000") == .listBuckets(.all))
        #expect(try route(.get, "/mybkt/dir/hello%20world%2B.txt", host: "other.example.org") == .getObject(b, k))
        #expect(S3Router.virtualBucket(host: "a.b.s3.example.com", domains: ["s3.example.com", "example.com"]) == "a.b")
        #expect(S3Router.virtualBucket(host: "s3.example.com", domains: ["s3.example.com"]) == nil)
        #expect(throws: StorageError.self) { try route(.get, "/k", host: "Bad_Name.localhost") }
    }

    /// The AWS API reference's ListMultipartUploads, ListObjects(V2) and ListParts examples, and
    /// the edges of each parameter: what the router hands the handler, parsed and clamped.
    @Test(arguments: [
        ("/mybkt?uploads", S3Listing(query: ListingQuery(keyMarker: "", idMarker: "", limit: 1000))),
        ("/mybkt?uploads&max-uploads=3", S3Listing(query: ListingQuery(keyMarker: "", idMarker: "", limit: 3))),
        ("/mybkt?uploads&delimiter=/", S3Listing(query: ListingQuery(delimiter: "/", keyMarker: "", idMarker: "", limit: 1000))),
        ("/mybkt?uploads&delimiter=/&prefix=photos/2006/",
         S3Listing(query: ListingQuery(prefix: "photos/2006/", delimiter: "/", keyMarker: "", idMarker: "", limit: 1000), prefixSent: true)),
        ("/mybkt?uploads&key-marker=my-movie.m2ts&upload-id-marker=YW55IGlkZWEgd2h5",
         S3Listing(query: ListingQuery(keyMarker: "my-movie.m2ts", idMarker: "YW55IGlkZWEgd2h5", limit: 1000))),
        ("/mybkt?uploads&upload-id-marker=ignored-without-key-marker", S3Listing(query: ListingQuery(keyMarker: "", idMarker: "", limit: 1000))),
        ("/mybkt?uploads&max-uploads=0&encoding-type=url", S3Listing(query: ListingQuery(keyMarker: "", idMarker: "", limit: 1), urlEncoded: true, emptyPage: true)),
        ("/mybkt?uploads&max-uploads=5000&delimiter=", S3Listing(query: ListingQuery(keyMarker: "", idMarker: "", limit: 1000))),
        ("/mybkt?uploads&max-uploads=", S3Listing(query: ListingQuery(keyMarker: "", idMarker: "", limit: 1000))),
    ])
    func listMultipartUploads(_ target: String, _ expected: S3Listing) throws {
        #expect(try route(.get, target) == .listMultipartUploads(b, expected))
    }

    @Test func objectListingsAndParts() throws {
        #expect(try route(.get, "/mybkt?list-type=2&max-keys=2&prefix=E&start-after=ExampleGuide.pdf")
                == .listObjectsV2(b, S3Listing(query: ListingQuery(prefix: "E", keyMarker: "ExampleGuide.pdf", limit: 2), startAfter: "ExampleGuide.pdf")))
        #expect(try route(.get, "/mybkt?list-type=2&continuation-token=YQ%3D%3D&encoding-type=url&fetch-owner=true")
                == .listObjectsV2(b, S3Listing(query: ListingQuery(keyMarker: "a", limit: 1000), urlEncoded: true, continuationToken: "YQ==", fetchOwner: true)))
        #expect(try route(.get, "/mybkt?marker=photos/2006/&max-keys=40&prefix=photos/2006/&delimiter=/")
                == .listObjects(b, S3Listing(query: ListingQuery(prefix: "photos/2006/", delimiter: "/", keyMarker: "photos/2006/", limit: 40))))
        #expect(try route(.get, "/mybkt?versions&key-marker=key3")
                == .listObjectVersions(b, S3Listing(query: ListingQuery(keyMarker: "key3", limit: 1000))))
        #expect(try route(.get, "/mybkt/example-object?uploadId=XXBsb2FkIElE&max-parts=2&part-number-marker=1")
                == .listParts(b, try ObjectKey("example-object"), UploadID("XXBsb2FkIElE"), PartListing(marker: 1, limit: 2)))
        #expect(try route(.get, "/mybkt/k?uploadId=U&max-parts=") == .listParts(b, try ObjectKey("k"), UploadID("U"), PartListing(marker: 0, limit: 1000)))
    }

    @Test func bucketListings() throws {
        #expect(try route(.get, "/?max-buckets=2&prefix=photo&bucket-region=eu-west-1&continuation-token=cGhvdG8tYQ%3D%3D")
                == .listBuckets(S3BucketListing(query: BucketListQuery(prefix: "photo", region: "eu-west-1", after: "photo-a", limit: 2),
                                                parametersSent: true, prefix: "photo")))
        #expect(try route(.get, "/?max-buckets=10000") == .listBuckets(S3BucketListing(query: BucketListQuery(limit: 10_000), parametersSent: true, prefix: nil)))
        #expect(try route(.get, "/?x-id=ListBuckets") == .listBuckets(.all))
    }

    @Test(arguments: ["/mybkt?uploads&max-uploads=-1", "/mybkt?uploads&max-uploads=x", "/mybkt?uploads&encoding-type=base64",
                      "/mybkt?list-type=2&continuation-token=%%%", "/mybkt/k?uploadId=U&part-number-marker=x",
                      "/?max-buckets=0", "/?max-buckets=10001", "/?max-buckets=x", "/?continuation-token=%%%", "/?continuation-token="])
    func refusesBadListingParameters(_ target: String) {
        #expect(throws: StorageError.self) { try route(.get, target) }
    }

    @Test func rejectsBadInput() {
        #expect(throws: StorageError.self) { try route(.put, "/Bad_Bucket") }
        #expect(throws: StorageError.self) { try route(.put, "/mybkt/k?uploadId=U&partNumber=0") }
        #expect(throws: StorageError.self) { try route(.put, "/mybkt/k?uploadId=U&partNumber=10001") }
        #expect(throws: StorageError.self) { try route(.put, "/mybkt/k?uploadId=U&partNumber=x") }
        #expect(throws: StorageError.self) { try route(.put, "/mybkt/" + String(repeating: "k", count: 1025)) }
    }
}

import HTTPTypes
typealias HTTPTypesMethod = HTTPRequest.Method

/// The answers for bucket configurations Tessera never keeps: S3's codes, and its empty documents
/// as boto3 reads them (golden text).
@Suite struct UnsetConfigurationTests {
    @Test func everyReadHasS3sAnswerAndTheDeletesS3Has() {
        #expect(UnsetConfiguration.allCases.count == 8)  // the policy and its status are kept since
        for c in UnsetConfiguration.allCases {
            let error = c.notFound(in: try! BucketName("bkt"))
            #expect(error.code == .noSuchConfiguration)
            if let missing = c.missing {
                #expect(S3Errors.wire(error) == (.notFound, missing.code), "\(c)")
            }
        }
        #expect(S3Errors.missingConfigurationCode("cors") == "NoSuchCORSConfiguration")
        #expect(S3Errors.missingConfigurationCode("tagging") == "NoSuchTagSet")
        #expect(UnsetConfiguration.allCases.filter { $0.missing == nil } == [.logging, .notification, .accelerate, .requestPayment])
        #expect(UnsetConfiguration.allCases.compactMap(\.deleteName).count == 3)
        #expect(S3Errors.missingConfigurationCode("ownershipControls") == "OwnershipControlsNotFoundError")
        #expect(S3Errors.missingConfigurationCode("publicAccessBlock") == "NoSuchPublicAccessBlockConfiguration")
        #expect(S3Errors.missingConfigurationCode("policy") == "NoSuchBucketPolicy")
        #expect(UnsetConfiguration.requestPayment.emptyDocument == """
            <?xml version="1.0" encoding="UTF-8"?>
            <RequestPaymentConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Payer>BucketOwner</Payer></RequestPaymentConfiguration>
            """)
        #expect(UnsetConfiguration.logging.emptyDocument.hasSuffix("<BucketLoggingStatus xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"></BucketLoggingStatus>"))
    }
}
