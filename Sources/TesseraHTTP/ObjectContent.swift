public import TesseraCore

extension WireResponse {
    /// The standard headers of a stored object: `Content-Type` (`defaultType` when none was
    /// stored), `ETag`, `Last-Modified`, `Accept-Ranges` and the content headers it was written with.
    public mutating func setStandardHeaders(of o: ObjectRecord, defaultType: String) {
        let a = o.attributes
        headers.set(a.contentType ?? defaultType, for: .contentType)
        headers.set(o.etag.quoted, for: .eTag)
        headers.set(o.lastModified.httpDate, for: .lastModified)
        headers.set("bytes", for: .acceptRanges)
        if let v = a.cacheControl { headers.set(v, for: .cacheControl) }
        if let v = a.contentDisposition { headers.set(v, for: .contentDisposition) }
        if let v = a.contentEncoding { headers.set(v, for: .contentEncoding) }
        if let v = a.contentLanguage { headers.set(v, for: .contentLanguage) }
        if let v = a.expires { setHeader("expires", v) }
    }

    /// Makes this the response carrying an object's bytes: `Content-Length`, and for a `range`
    /// status 206 with `Content-Range`; unless `head`, a body streamed from the engine.
    public mutating func attachContent(of record: ObjectRecord, range: (offset: Int64, length: Int64)?, head: Bool, engine: Engine) {
        let (offset, length) = range ?? (0, record.size)
        if range != nil {
            status = .partialContent
            headers.set("bytes \(offset)-\(offset + length - 1)/\(record.size)", for: .contentRange)
        }
        headers.set(String(length), for: .contentLength)
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
