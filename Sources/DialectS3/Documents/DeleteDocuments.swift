import TesseraCore
import TesseraHTTP

/// DeleteObjects request and result.
enum DeleteDocuments {
    struct Request {
        var keys: [String]
        var quiet: Bool
    }

    static func parse(_ bytes: [UInt8]) throws(StorageError) -> Request {
        let root: XMLElement
        do { root = try XMLReader.parse(bytes) } catch { throw MultipartDocuments.malformed }
        guard root.name == "Delete" else { throw MultipartDocuments.malformed }
        let keys = root.children("Object").compactMap { $0.child("Key")?.text }
        guard !keys.isEmpty, keys.count == root.children("Object").count else { throw MultipartDocuments.malformed }
        guard keys.count <= 1000 else { throw MultipartDocuments.malformed }
        let quiet = root.child("Quiet")?.text.trimmingSpaces().lowercased() == "true"
        return Request(keys: keys, quiet: quiet)
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
