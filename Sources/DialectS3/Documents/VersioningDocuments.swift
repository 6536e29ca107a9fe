import TesseraCore
import TesseraHTTP

/// GetBucketVersioning's document and PutBucketVersioning's body (`VersioningConfiguration`:
/// `Status` Enabled or Suspended, `MfaDelete` Enabled or Disabled, each optional).
enum VersioningDocuments {
    /// What a PutBucketVersioning body asks for.
    struct Request: Equatable {
        /// `Status`: the state asked for, if named.
        var status: String?
        /// `MfaDelete`, if named.
        var mfaDelete: String?
    }

    /// Reads the body; `MalformedXML` for another root or a value S3 does not name.
    static func parse(_ bytes: [UInt8]) throws(StorageError) -> Request {
        let root: XMLElement
        do { root = try XMLReader.parse(bytes) } catch { throw MultipartDocuments.malformed }
        guard root.name == "VersioningConfiguration" else { throw MultipartDocuments.malformed }
        let status = root.child("Status")?.text.trimmingSpaces()
        let mfaDelete = root.child("MfaDelete")?.text.trimmingSpaces()
        guard status.map({ ["Enabled", "Suspended"].contains($0) }) ?? true,
              mfaDelete.map({ ["Enabled", "Disabled"].contains($0) }) ?? true else { throw MultipartDocuments.malformed }
        return Request(status: status, mfaDelete: mfaDelete)
    }

    /// The state a bucket is in: an empty configuration when never set, as S3 answers.
    static func render(_ status: VersioningStatus?) -> String {
        var x = XMLWriter()
        x.open("VersioningConfiguration", xmlns: s3Namespace)
        if let status { x.element("Status", status.rawValue) }
        x.close("VersioningConfiguration")
        return x.document
    }
}
