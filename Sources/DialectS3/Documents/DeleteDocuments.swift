import TesseraCore
import TesseraHTTP

/// DeleteObjects request and result.
enum DeleteDocuments {
    struct Request {
        /// Each object's key, and the condition of its `ETag` element (`*` or an ETag), if any.
        var objects: [(key: String, condition: WriteCondition)]
        var quiet: Bool
    }

    static func parse(_ bytes: [UInt8]) throws(StorageError) -> Request {
        let root: XMLElement
        do { root = try XMLReader.parse(bytes) } catch { throw MultipartDocuments.malformed }
        guard root.name == "Delete" else { throw MultipartDocuments.malformed }
        let objects = root.children("Object").compactMap { o in
            o.child("Key").map { (key: $0.text, condition: o.child("ETag").map { ObjectConditions.ifMatch($0.text) } ?? .none) }
        }
        guard !objects.isEmpty, objects.count == root.children("Object").count else { throw MultipartDocuments.malformed }
        guard objects.count <= 1000 else { throw MultipartDocuments.malformed }
        let quiet = root.child("Quiet")?.text.trimmingSpaces().lowercased() == "true"
        return Request(objects: objects, quiet: quiet)
    }

    enum Outcome {
        case deleted(String)
        case failed(String, code: String, message: String)
    }

    static func result(_ outcomes: [Outcome], quiet: Bool) -> String {
        var x = XMLWriter()
        x.open("DeleteResult", xmlns: s3Namespace)
        for o in outcomes {
            switch o {
            case .deleted(let k):
                if !quiet { x.element("Deleted") { d in d.element("Key", k) } }
            case .failed(let k, let code, let message):
                x.element("Error") { e in
                    e.element("Key", k)
                    e.element("Code", code)
                    e.element("Message", message)
                }
            }
        }
        x.close("DeleteResult")
        return x.document
    }
}
