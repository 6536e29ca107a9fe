import TesseraCore
import TesseraHTTP

/// S3's `PublicAccessBlockConfiguration`: the body of PutPublicAccessBlock and the answer of
/// GetPublicAccessBlock. A setting left out is off; a value other than `true` or `false` is
/// MalformedXML.
enum PublicAccessBlockDocuments {
    static func parse(_ bytes: [UInt8]) throws(StorageError) -> PublicAccessBlock {
        let root: XMLElement
        do { root = try XMLReader.parse(bytes) } catch { throw MultipartDocuments.malformed }
        guard root.name == "PublicAccessBlockConfiguration" else { throw MultipartDocuments.malformed }
        func flag(_ name: String) throws(StorageError) -> Bool {
            guard let text = root.child(name)?.text.trimmingSpaces() else { return false }
            switch text.lowercased() {
            case "true": return true
            case "false": return false
            default: throw MultipartDocuments.malformed
            }
        }
        return PublicAccessBlock(blockPublicACLs: try flag("BlockPublicAcls"), ignorePublicACLs: try flag("IgnorePublicAcls"),
                                 blockPublicPolicy: try flag("BlockPublicPolicy"), restrictPublicBuckets: try flag("RestrictPublicBuckets"))
    }

    static func render(_ block: PublicAccessBlock) -> String {
        var x = XMLWriter()
        x.open("PublicAccessBlockConfiguration", xmlns: s3Namespace)
        x.element("BlockPublicAcls", block.blockPublicACLs ? "true" : "false")
        x.element("IgnorePublicAcls", block.ignorePublicACLs ? "true" : "false")
        x.element("BlockPublicPolicy", block.blockPublicPolicy ? "true" : "false")
        x.element("RestrictPublicBuckets", block.restrictPublicBuckets ? "true" : "false")
        x.close("PublicAccessBlockConfiguration")
        return x.document
    }
}
