public import TesseraCore

extension WireResponse {
    /// The standard headers of a stored object: `Content-Type` (`defaultType` when none was
    /// stored), `ETag`, `Last-Modified`, `Accept-Ranges` and the content headers it was written with.
    public mutating func setStandardHeaders(of o: ObjectRecord, defaultType: String) {
        let a = o.attributes
        headers[.contentType] = a.contentType ?? defaultType
        headers[.eTag] = o.etag.quoted
        headers[.lastModified] = o.lastModified.httpDate
        headers[.acceptRanges] = "bytes"
        if let v = a.cacheControl { headers[.cacheControl] = v }
        if let v = a.contentDisposition { headers[.contentDisposition] = v }
        if let v = a.contentEncoding { headers[.contentEncoding] = v }
        if let v = a.contentLanguage { headers[.contentLanguage] = v }
        if let v = a.expires { setHeader("expires", v) }
    }

    /// Makes this the response carrying an object's bytes: `Content-Length`, and for a `range`
    /// status 206 with `Content-Range`; unless `head`, a body streamed from the engine.
    public mutating func attachContent(of record: ObjectRecord, range: (offset: Int64, length: Int64)?, head: Bool, engine: Engine) {
        let (offset, length) = range ?? (0, record.size)
        if range != nil {
            status = .partialContent
            headers[.contentRange] = "bytes \(offset)-\(offset + length - 1)/\(record.size)"
        }
        headers[.contentLength] = String(length)
        guard !head else { return }
        body = .stream(length: length) { sink in try await engine.readObject(record, offset: offset, length: length, into: sink) }
    }
}

extension ByteRange {
    /// The range a `Range` header asks of an object of `size` bytes: `nil` when absent or not one
    /// well-formed byte range (the whole object is sent), `invalidRange` when unsatisfiable.
    public static func resolve(header: String?, size: Int64) throws(StorageError) -> (offset: Int64, length: Int64)? {
        guard let header, let range = ByteRange(header: header) else { return nil }
        return try range.resolve(size: size)
    }
}
