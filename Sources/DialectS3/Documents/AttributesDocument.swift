import TesseraCore
import TesseraHTTP

/// GetObjectAttributes (`GET /bucket/key?attributes`): what the request asks for and the
/// `GetObjectAttributesResponse` document.
struct AttributesRequest: Equatable {
    /// The attributes S3 knows, in the order the response lists them.
    enum Attribute: String, CaseIterable {
        case etag = "ETag", checksum = "Checksum", objectParts = "ObjectParts", storageClass = "StorageClass", objectSize = "ObjectSize"
    }

    var attributes: Set<Attribute>
    /// `x-amz-max-parts` (default 1,000) and `x-amz-part-number-marker` (default 0).
    var maxParts: Int
    var partNumberMarker: Int

    /// Reads `x-amz-object-attributes` (comma-separated, required), `x-amz-max-parts` and
    /// `x-amz-part-number-marker`; anything malformed is 400 InvalidArgument, as S3 answers.
    init(_ r: WireRequest) throws(StorageError) {
        let listed = (r.header("x-amz-object-attributes") ?? "").split(separator: ",").map { $0.trimmingCharacters() }.filter { !$0.isEmpty }
        guard !listed.isEmpty else {
            throw StorageError.invalidArgument("The x-amz-object-attributes header specifying the attributes to be retrieved is either missing or empty",
                                               name: "x-amz-object-attributes", value: "")
        }
        var wanted: Set<Attribute> = []
        for name in listed {
            guard let a = Attribute(rawValue: String(name)) else {
                throw StorageError.invalidArgument("Invalid attribute name specified.", name: "x-amz-object-attributes", value: String(name))
            }
            wanted.insert(a)
        }
        attributes = wanted
        maxParts = try AttributesRequest.integer(r, "x-amz-max-parts", default: 1000)
        partNumberMarker = try AttributesRequest.integer(r, "x-amz-part-number-marker", default: 0)
    }

    private static func integer(_ r: WireRequest, _ header: String, default value: Int) throws(StorageError) -> Int {
        guard let text = r.header(header) else { return value }
        guard let n = Int(text.trimmingSpaces()), n >= 0 else {
            throw StorageError.invalidArgument("Provided \(header) not an integer or within integer range", name: header, value: text)
        }
        return n
    }
}

enum AttributesDocument {
    /// The response: only the attributes asked for. The ETag is unquoted; a composite checksum is
    /// shown without its `-N` (the parts are counted in ObjectParts); ObjectParts only for a
    /// multipart object, its Part entries only when the parts carry checksums (as S3 does).
    static func render(_ o: ObjectRecord, _ q: AttributesRequest) -> String {
        var x = XMLWriter()
        x.open("GetObjectAttributesResponse", xmlns: s3Namespace)
        if q.attributes.contains(.etag) { x.element("ETag", o.etag.description) }
        if q.attributes.contains(.checksum), let first = o.checksums.first {
            x.element("Checksum") { c in
                for cs in o.checksums { c.element(named: "Checksum\(cs.algorithm.rawValue)", String(cs.digestBase64)) }
                c.element("ChecksumType", first.type.rawValue)
            }
        }
        if q.attributes.contains(.objectParts), o.uploadID != nil {
            x.element("ObjectParts") { p in parts(o, q, into: &p) }
        }
        if q.attributes.contains(.storageClass) { x.element("StorageClass", o.attributes.storageClass) }
        if q.attributes.contains(.objectSize) { x.element("ObjectSize", String(o.size)) }
        x.close("GetObjectAttributesResponse")
        return x.document
    }

    private static func parts(_ o: ObjectRecord, _ q: AttributesRequest, into p: inout XMLWriter) {
        let numbered = o.manifest.enumerated().map { (number: $0.offset + 1, segment: $0.element) }
        let after = numbered.drop { $0.number <= q.partNumberMarker }
        let page = after.prefix(q.maxParts)
        let truncated = page.count < after.count
        p.element("PartNumberMarker", String(q.partNumberMarker))
        if let last = page.last { p.element("NextPartNumberMarker", String(last.number)) }
        p.element("MaxParts", String(q.maxParts))
        p.element("IsTruncated", truncated ? "true" : "false")
        p.element("PartsCount", String(o.manifest.count))
        guard o.manifest.contains(where: { $0.checksum != nil }) else { return }
        for (number, segment) in page {
            p.element("Part") { e in
                e.element("PartNumber", String(number))
                e.element("Size", String(segment.size))
                if let c = segment.checksum { e.element(named: "Checksum\(c.algorithm.rawValue)", c.base64) }
            }
        }
    }
}
