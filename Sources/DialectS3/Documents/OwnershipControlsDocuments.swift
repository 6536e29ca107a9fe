import TesseraCore
import TesseraHTTP

/// S3's `OwnershipControls`: `<OwnershipControls><Rule><ObjectOwnership>…</ObjectOwnership></Rule>
/// </OwnershipControls>`, the body of PutBucketOwnershipControls and the answer of
/// GetBucketOwnershipControls. One rule with a known setting; anything else is MalformedXML.
enum OwnershipControlsDocuments {
    static func parse(_ bytes: [UInt8]) throws(StorageError) -> ObjectOwnership {
        let root: XMLElement
        do { root = try XMLReader.parse(bytes) } catch { throw MultipartDocuments.malformed }
        let rules = root.children("Rule")
        guard root.name == "OwnershipControls", rules.count == 1, let text = rules[0].child("ObjectOwnership")?.text.trimmingSpaces(),
              let ownership = ObjectOwnership(rawValue: text) else { throw MultipartDocuments.malformed }
        return ownership
    }

    static func render(_ ownership: ObjectOwnership) -> String {
        var x = XMLWriter()
        x.open("OwnershipControls", xmlns: s3Namespace)
        x.element("Rule") { $0.element("ObjectOwnership", ownership.rawValue) }
        x.close("OwnershipControls")
        return x.document
    }
}
