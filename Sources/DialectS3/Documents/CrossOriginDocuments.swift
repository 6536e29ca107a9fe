import TesseraCore
import TesseraHTTP

/// S3's `CORSConfiguration` document: the body of PutBucketCors and the answer of GetBucketCors.
enum CrossOriginDocuments {
    /// The rules of a `<CORSConfiguration><CORSRule>…</CORSRule>…</CORSConfiguration>` body, in
    /// order and checked (``CrossOriginConfiguration/init(rules:)``). Anything else is MalformedXML.
    static func parse(_ bytes: [UInt8]) throws(StorageError) -> CrossOriginConfiguration {
        let root: XMLElement
        do { root = try XMLReader.parse(bytes) } catch { throw MultipartDocuments.malformed }
        guard root.name == "CORSConfiguration" else { throw MultipartDocuments.malformed }
        let rules = try root.children("CORSRule").map { e throws(StorageError) in
            var age: Int?
            if let text = e.child("MaxAgeSeconds")?.text {
                guard let n = Int(text.trimmingSpaces()) else { throw MultipartDocuments.malformed }
                age = n
            }
            return CrossOriginRule(id: e.child("ID")?.text, allowedOrigins: e.children("AllowedOrigin").map(\.text),
                                   allowedMethods: e.children("AllowedMethod").map(\.text), allowedHeaders: e.children("AllowedHeader").map(\.text),
                                   exposeHeaders: e.children("ExposeHeader").map(\.text), maxAgeSeconds: age)
        }
        return try CrossOriginConfiguration(rules: rules)
    }

    /// GetBucketCors's answer.
    static func render(_ configuration: CrossOriginConfiguration) -> String {
        var x = XMLWriter()
        x.open("CORSConfiguration", xmlns: s3Namespace)
        for rule in configuration.rules {
            x.element("CORSRule") { r in
                r.element("ID", ifPresent: rule.id)
                for h in rule.allowedHeaders { r.element("AllowedHeader", h) }
                for m in rule.allowedMethods { r.element("AllowedMethod", m) }
                for o in rule.allowedOrigins { r.element("AllowedOrigin", o) }
                for h in rule.exposeHeaders { r.element("ExposeHeader", h) }
                if let age = rule.maxAgeSeconds { r.element("MaxAgeSeconds", String(age)) }
            }
        }
        x.close("CORSConfiguration")
        return x.document
    }
}
