import TesseraCore
import TesseraHTTP

/// S3's `Tagging` document: the body of PutObjectTagging and the answer of GetObjectTagging.
enum TaggingDocuments {
    /// The tags of a `<Tagging><TagSet><Tag><Key/><Value/></Tag>…</TagSet></Tagging>` body, in
    /// order and checked (``ObjectTag/validated(_:forBucket:)``: a bucket takes 50, an object
    /// 10). Anything else is MalformedXML.
    static func parse(_ bytes: [UInt8], forBucket: Bool = false) throws(StorageError) -> [ObjectTag] {
        let root: XMLElement
        do { root = try XMLReader.parse(bytes) } catch { throw MultipartDocuments.malformed }
        guard root.name == "Tagging", let set = root.child("TagSet") else { throw MultipartDocuments.malformed }
        let elements = set.children("Tag")
        let tags = elements.compactMap { t in
            t.child("Key").flatMap { k in t.child("Value").map { ObjectTag(key: k.text, value: $0.text) } }
        }
        guard tags.count == elements.count else { throw MultipartDocuments.malformed }
        return try ObjectTag.validated(tags, forBucket: forBucket)
    }

    /// GetObjectTagging's answer.
    static func render(_ tags: [ObjectTag]) -> String {
        var x = XMLWriter()
        x.open("Tagging", xmlns: s3Namespace)
        x.element("TagSet") { set in
            for t in tags {
                set.element("Tag") { tag in
                    tag.element("Key", t.key)
                    tag.element("Value", t.value)
                }
            }
        }
        x.close("Tagging")
        return x.document
    }
}
