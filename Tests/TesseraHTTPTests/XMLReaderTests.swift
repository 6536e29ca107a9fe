import Testing
import TesseraHTTP

/// The request-document reader on well-formed and hostile input: depth, size and element
/// limits, DTDs and entities, characters XML 1.0 forbids — each refused without recursion.
@Suite struct XMLReaderTests {
    func parse(_ s: String, limits: XMLReader.Limits = .init()) throws(XMLReader.XMLParseError) -> XMLElement {
        try XMLReader.parse(Array(s.utf8), limits: limits)
    }

    @Test func readsElementsTextEntitiesAndCDATA() throws {
        let doc = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- a comment -->
            <s3:Delete xmlns:s3="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>a &amp; b &lt;&#x1F600;&#233;</Key></Object>\
            <Object><Key><![CDATA[<raw>]]></Key><VersionId/></Object><Quiet>true</Quiet></s3:Delete>
            """
        let root = try parse(doc)
        #expect(root.name == "Delete")
        #expect(root.children("Object").map { $0.child("Key")?.text } == ["a & b <😀é", "<raw>"])
        #expect(root.child("Quiet")?.text == "true")
        let version = root.children("Object")[1].child("VersionId")
        #expect(version?.name == "VersionId" && version?.text == "" && version?.children.isEmpty == true)
    }

    @Test func deepNestingIsRefusedWithoutRecursion() {
        // 40,000 levels crashed the recursive reader with SIGSEGV (issue 13); now the depth limit
        // refuses it, and with the limit lifted the explicit stack still parses it.
        let deep = String(repeating: "<a>", count: 40_000) + String(repeating: "</a>", count: 40_000)
        #expect(throws: XMLReader.XMLParseError.self) { try parse(deep) }
        var unlimited = XMLReader.Limits()
        unlimited.maxDepth = 50_000
        #expect((try? parse(deep, limits: unlimited))?.name == "a")
        #expect((try? parse(String(repeating: "<a>", count: 32) + String(repeating: "</a>", count: 32)))?.name == "a")
        #expect(throws: XMLReader.XMLParseError.self) { try parse(String(repeating: "<a>", count: 33) + String(repeating: "</a>", count: 33)) }
    }

    @Test func sizeAndElementCountAreBounded() {
        var limits = XMLReader.Limits()
        limits.maxBytes = 100
        #expect(throws: XMLReader.XMLParseError.self) { try parse("<a>" + String(repeating: "x", count: 100) + "</a>", limits: limits) }
        limits = XMLReader.Limits()
        limits.maxElements = 10
        #expect(throws: XMLReader.XMLParseError.self) { try parse("<a>" + String(repeating: "<b/>", count: 10) + "</a>", limits: limits) }
        #expect((try? parse("<a>" + String(repeating: "<b/>", count: 9) + "</a>", limits: limits))?.children.count == 9)
    }

    @Test(arguments: [
        #"<!DOCTYPE a [<!ENTITY x "boom">]><a>&x;</a>"#,          // a DTD (billion laughs starts here)
        "<a>&x;</a>",                                              // an undeclared entity
        "<a>&#0;</a>", "<a>&#x0;</a>", "<a>&#1;</a>", "<a>&#xFFFE;</a>", "<a>&#xD800;</a>", "<a>&#x110000;</a>",
        "<a>\u{1}</a>", "<a>\u{FFFF}</a>",                         // forbidden characters, literally
        "<a><!ENTITY x 'y'></a>", "<a>", "<a></b>", "<a/><b/>", "text<a/>", "<a b=c/>", "<a b='<'/>",
        "<a>&amp</a>", "<a>&#99999999999;</a>",
    ])
    func hostileOrMalformedInputIsRefused(_ doc: String) {
        #expect(throws: XMLReader.XMLParseError.self) { try parse(doc) }
    }

    @Test func aTenThousandPartCompleteIsRead() throws {
        var doc = "<CompleteMultipartUpload>"
        for n in 1...10_000 { doc += "<Part><PartNumber>\(n)</PartNumber><ETag>\"e\(n)\"</ETag><ChecksumCRC32>AAAAAA==</ChecksumCRC32></Part>" }
        doc += "</CompleteMultipartUpload>"
        let root = try parse(doc)
        #expect(root.children("Part").count == 10_000)
        #expect(root.children("Part").last?.child("PartNumber")?.text == "10000")
    }
}
