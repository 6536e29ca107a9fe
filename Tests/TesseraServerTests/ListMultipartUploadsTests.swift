import Foundation
import Testing
import TesseraTestSupport

/// ListMultipartUploads in all three dialects through the real responder, over every store:
/// uploads started in each dialect are listed by all three, paged with each dialect's markers.
@Suite struct ServerListMultipartUploadsTests {
    @Test(arguments: StoreKind.allCases)
    func everyDialectListsEveryDialectsUploads(_ store: StoreKind) async throws {
        let server = try await TestServer(store)
        try await server.test { c in
            #expect(try await c.s3(.put, "/bkt").status == .ok)
            var started: [String: String] = [:]  // key -> upload id
            for key in ["a/1", "a/2", "b"] {
                let r = try await c.s3(.post, "/bkt/\(key)?uploads")
                #expect(r.status == .ok)
                let id: String = try #require(r.elements("UploadId").first)
                started[key] = id
            }
            let bos = try await c.bos(.post, "/bkt/c?uploads")
            started["c"] = try #require(bos.json["uploadId"] as? String)
            let ufile = try await c.ufile(.post, bucket: "bkt", key: "d", query: "uploads")
            started["d"] = try #require(ufile.json["UploadId"] as? String)
            let all = ["a/1", "a/2", "b", "c", "d"]

            // S3: pages of two, then a delimiter roll-up.
            var keys: [String] = [], marker = ""
            for _ in 0..<5 {
                let page = try await c.s3(.get, "/bkt?uploads&max-uploads=2" + (marker.isEmpty ? "" : "&key-marker=\(marker)"))
                #expect(page.status == .ok)
                #expect(page.headers[.init("x-amz-request-id")!] != nil)
                keys += page.elements("Key")
                guard page.elements("IsTruncated") == ["true"] else { break }
                marker = try #require(page.elements("NextKeyMarker").first)
            }
            #expect(keys == all)
            let rolled = try await c.s3(.get, "/bkt?uploads&delimiter=/")
            #expect(rolled.elements("Prefix").contains("a/"))
            #expect(rolled.elements("Key") == ["b", "c", "d"])

            // BOS: the SDK's keyMarker paging.
            var bosKeys: [String] = [], keyMarker = ""
            for _ in 0..<5 {
                let page = try await c.bos(.get, "/bkt?uploads&maxUploads=2" + (keyMarker.isEmpty ? "" : "&keyMarker=\(keyMarker)"))
                #expect(page.status == .ok)
                let uploads = page.json["uploads"] as? [[String: Any]] ?? []
                bosKeys += uploads.compactMap { $0["key"] as? String }
                guard page.json["isTruncated"] as? Bool == true else { break }
                keyMarker = try #require(page.json["nextKeyMarker"] as? String).addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            }
            #expect(bosKeys == all)

            // UFile: GetMultiUploadId with limit and NextMarker (the seed's form).
            var ufileKeys: [String] = [], next = ""
            for _ in 0..<5 {
                let page = try await c.ufile(.get, bucket: "bkt", key: "",
                                             query: "muploadid&limit=2" + (next.isEmpty ? "" : "&marker=" + next.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!))
                #expect(page.status == .ok)
                let set = page.json["DataSet"] as? [[String: Any]] ?? []
                ufileKeys += set.compactMap { $0["FileName"] as? String }
                #expect(set.compactMap { $0["UploadId"] as? String } == set.compactMap { started[$0["FileName"] as? String ?? ""] })
                next = page.json["NextMarker"] as? String ?? ""
                if next.isEmpty { break }
            }
            #expect(ufileKeys == all)
        }
    }
}
