import Foundation
import Testing
import TesseraTestSupport
import TesseraCore
import TesseraHTTP
@testable import DialectS3

/// Object tags on S3's wire: the `x-amz-tagging` header, the directive of a copy, the `Tagging`
/// document both ways, and the rules a tag set keeps.
@Suite struct TaggingTests {
    let golden = Golden(besides: #filePath)

    func code(_ body: () throws -> Void) -> String? {
        do { try body() } catch let e as StorageError { return S3Errors.wire(e).code } catch { return "\(error)" }
        return nil
    }

    @Test func headerIsAURLEncodedQuery() throws {
        #expect(try TaggingHeaders.parse("project=blue%20sky&team=a%2Bb&empty=&bare")
                == [ObjectTag(key: "project", value: "blue sky"), ObjectTag(key: "team", value: "a+b"),
                    ObjectTag(key: "empty", value: ""), ObjectTag(key: "bare", value: "")])
        #expect(try TaggingHeaders.parse("k=a+b") == [ObjectTag(key: "k", value: "a b")])
        #expect(try TaggingHeaders.parse("") == [])
        #expect(try TaggingHeaders.parse(request(.put, "/b/k", host: "h")) == nil)
        #expect(try TaggingHeaders.parse(request(.put, "/b/k", host: "h", headers: [("X-Amz-Tagging", "a=1")])) == [ObjectTag(key: "a", value: "1")])
        // A repeated key, or an escape that is not one, is the header's InvalidArgument.
        #expect(code { _ = try TaggingHeaders.parse("a=1&a=2") } == "InvalidArgument")
        #expect(code { _ = try TaggingHeaders.parse("a=%zz") } == "InvalidArgument")
        // A set no object may carry is InvalidTag.
        #expect(code { _ = try TaggingHeaders.parse((1...11).map { "k\($0)=v" }.joined(separator: "&")) } == "InvalidTag")
        #expect(code { _ = try TaggingHeaders.parse("a=semi%3Bcolon") } == "InvalidTag")
    }

    @Test func tagSetRules() throws {
        func check(_ tags: [ObjectTag]) -> String? {
            do { _ = try ObjectTag.validated(tags) } catch { return error.message }
            return nil
        }
        let ten = (1...10).map { ObjectTag(key: "k\($0)", value: "v") }
        #expect(check(ten) == nil)
        #expect(check(ten + [ObjectTag(key: "k11", value: "v")]) == "Object tags cannot be greater than 10")
        #expect(check([ObjectTag(key: String(repeating: "k", count: 128), value: String(repeating: "v", count: 256))]) == nil)
        #expect(check([ObjectTag(key: String(repeating: "k", count: 129), value: "")]) == "The TagKey you have provided is too long, max 128")
        #expect(check([ObjectTag(key: "k", value: String(repeating: "v", count: 257))]) == "The TagValue you have provided is too long, max 256")
        #expect(check([ObjectTag(key: "", value: "v")]) == "The TagKey you have provided is invalid")
        #expect(check([ObjectTag(key: "aws:cloudformation", value: "v")]) == "Your TagKey cannot be prefixed with aws:")
        #expect(check([ObjectTag(key: "a", value: "1"), ObjectTag(key: "a", value: "2")]) == "Cannot provide multiple Tags with the same key")
        // Letters and digits of any script, spaces, and + - = . _ : / @; nothing else.
        #expect(check([ObjectTag(key: "Ünïcode 中文 ٣", value: "a+b-c=d.e_f:g/h@i")]) == nil)
        for bad in [",", "#", "&", "?", "*", "%", "\"", "<", "\n", "!"] {
            #expect(check([ObjectTag(key: "k", value: "x\(bad)")]) == "The TagValue you have provided is invalid", "\(bad)")
            #expect(check([ObjectTag(key: "k\(bad)", value: "x")]) == "The TagKey you have provided is invalid", "\(bad)")
        }
    }

    @Test func copyDirective() throws {
        func directive(_ headers: [(String, String)]) throws -> TagDirective {
            try TaggingHeaders.copyDirective(request(.put, "/b/k", host: "h", headers: headers))
        }
        #expect(try directive([]) == .copy)
        #expect(try directive([("x-amz-tagging", "a=1")]) == .copy)  // ignored without REPLACE, as S3 does
        #expect(try directive([("x-amz-tagging-directive", "copy")]) == .copy)
        #expect(try directive([("x-amz-tagging-directive", "REPLACE"), ("x-amz-tagging", "a=1")]) == .replace([ObjectTag(key: "a", value: "1")]))
        #expect(try directive([("x-amz-tagging-directive", "REPLACE")]) == .replace([]))
        #expect(code { _ = try directive([("x-amz-tagging-directive", "MERGE")]) } == "InvalidArgument")
    }

    /// The `Tagging` example of Amazon's GetObjectTagging and PutObjectTagging pages.
    @Test func documentBothWays() throws {
        let body = """
            <Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <TagSet>
                <Tag>
                  <Key>tag1</Key>
                  <Value>val1</Value>
                </Tag>
                <Tag>
                  <Key>tag2</Key>
                  <Value></Value>
                </Tag>
              </TagSet>
            </Tagging>
            """
        let tags = try TaggingDocuments.parse(Array(body.utf8))
        #expect(tags == [ObjectTag(key: "tag1", value: "val1"), ObjectTag(key: "tag2", value: "")])
        try golden.check("Tagging.xml", TaggingDocuments.render(tags))
        #expect(TaggingDocuments.render([]) == #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
                + #"<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet></TagSet></Tagging>"#)
        for bad in ["<Tagging/>", "<Tags><TagSet/></Tags>", "<Tagging><TagSet><Tag><Key>k</Key></Tag></TagSet></Tagging>",
                    "<Tagging><TagSet><Tag><Value>v</Value></Tag></TagSet></Tagging>", "not xml"] {
            #expect(code { _ = try TaggingDocuments.parse(Array(bad.utf8)) } == "MalformedXML", "\(bad)")
        }
        #expect(code { _ = try TaggingDocuments.parse(Array("<Tagging><TagSet><Tag><Key>a</Key><Value>1</Value></Tag><Tag><Key>a</Key><Value>2</Value></Tag></TagSet></Tagging>".utf8)) } == "InvalidTag")
        #expect(try TaggingDocuments.parse(Array("<Tagging><TagSet/></Tagging>".utf8)) == [])
    }
}
