import TesseraCore
import TesseraHTTP

/// The uploads of one bucket: a page through the time index (oldest first) or the key index,
/// filtered by prefix and least age; abort one; abort every match older than N days after a
/// confirmation that shows what it will reclaim.
extension ConsoleEndpoint {
    /// Uploads per page.
    static let uploadsPerPage = 50
    /// Uploads the confirmation counts at most before it says "at least".
    static let confirmCountLimit = 100_000

    func uploads(_ visitor: ConsoleVisitor, _ name: BucketName, _ filter: UploadFilter) async throws -> WireResponse {
        let bucket = try await visitor.bucket(name)
        let now = engine.clock.now()
        // No age filter: no cutoff (initiation instants may lie a little past the clock's now,
        // which keeps them unique).
        let cutoff = filter.olderThanDays == 0 ? Timestamp(microseconds: .max) : now.adding(seconds: -filter.olderThanSeconds)
        var found: [Upload]
        var next: String?
        if filter.sort == "key" {
            // The key index; the age filter then drops newer uploads from the page.
            let marker = filter.after.map { $0.split(separator: "\u{0}", maxSplits: 1, omittingEmptySubsequences: false).map(String.init) }
            let page = try await engine.listMultipartUploads(
                bucket: name, query: ListingQuery(prefix: filter.prefix, keyMarker: marker?.first, idMarker: marker.flatMap { $0.count > 1 ? $0[1] : nil },
                                                  limit: Self.uploadsPerPage), caller: bucket.owner)
            found = page.items.filter { $0.initiated <= cutoff }
            if page.isTruncated, let key = page.nextKeyMarker { next = key + "\u{0}" + (page.nextIDMarker ?? "") }
        } else {
            let page = try await engine.administeredUploads(bucket: name, prefix: Array(filter.prefix.utf8), initiatedBy: cutoff,
                                                            after: try filter.after.map(LocalAdministration.decodeCursor), limit: Self.uploadsPerPage)
            found = page.uploads
            next = page.next.map(LocalAdministration.encodeCursor)
        }
        let rows = found.map { u in
            UploadsPage.Row(key: u.key.value, uploadId: u.id.value, dialect: u.dialect.rawValue.uppercased() == "UFILE" ? "UFile" : u.dialect.rawValue.uppercased(),
                            initiated: ConsoleFormat.instant(u.initiated), lastActivity: ConsoleFormat.instant(u.lastActivity),
                            age: ConsoleFormat.age(seconds: ConsoleFormat.seconds(from: u.initiated, to: now)),
                            parts: String(u.partCount), bytes: ConsoleFormat.bytes(u.bytes))
        }
        var nextFilter = filter
        nextFilter.after = next
        let page = UploadsPage(
            nav: visitor.nav("uploads"), bucket: name.value, prefix: filter.prefix, older: filter.olderThanDays == 0 ? "" : Self.days(filter.olderThanDays),
            byAge: filter.sort == "age", byKey: filter.sort == "key", rows: rows, empty: rows.isEmpty,
            nextLink: next.map { _ in Self.uploadsLink(name, nextFilter) }, firstLink: filter.after == nil ? nil : Self.uploadsLink(name, UploadFilter(copying: filter)),
            canAbortOlder: filter.olderThanDays > 0, abortOlderLink: "/console/buckets/\(name.value)/uploads/abort-older?" + Self.filterQuery(filter))
        return html(pages.render("uploads", page))
    }

    func abortUpload(_ visitor: ConsoleVisitor, _ name: BucketName, _ form: QueryParameters) async throws -> WireResponse {
        _ = try await visitor.bucket(name)
        let upload = try await engine.administrativeAbort(bucket: name, uploadID: UploadID(form["uploadId"] ?? ""))
        let text = "Aborted the upload of \(upload.key.value): \(ConsoleFormat.count(upload.partCount, "part")), \(ConsoleFormat.bytes(upload.bytes)) reclaimed."
        return html(pages.render("message", MessagePage(nav: visitor.nav("uploads"), title: "Upload aborted", text: text,
                                                        back: "/console/buckets/\(name.value)/uploads", backText: "Back to the uploads of \(name.value)")))
    }

    func confirmAbortOlder(_ visitor: ConsoleVisitor, _ name: BucketName, _ filter: UploadFilter) async throws -> WireResponse {
        _ = try await visitor.bucket(name)
        guard filter.olderThanDays > 0 else {
            throw StorageError.invalidArgument("Choose how old the uploads to abort must be (days).", name: "older", value: "")
        }
        let criterion = ExpiryCriterion(basis: .initiation, cutoff: engine.clock.now().adding(seconds: -filter.olderThanSeconds),
                                        prefix: Array(filter.prefix.utf8))
        let preview = try await preview(name, criterion, limit: Self.confirmCountLimit)
        let page = ConfirmAbortPage(
            nav: visitor.nav("uploads"), bucket: name.value, prefix: filter.prefix, older: Self.days(filter.olderThanDays),
            count: (preview.capped ? "at least " : "") + ConsoleFormat.count(preview.uploads, "upload"), bytes: ConsoleFormat.bytes(preview.bytes),
            parts: ConsoleFormat.count(preview.parts, "part"), nothing: preview.uploads == 0,
            cancelLink: Self.uploadsLink(name, UploadFilter(copying: filter)))
        return html(pages.render("confirm-abort", page))
    }

    func abortOlder(_ visitor: ConsoleVisitor, _ name: BucketName, _ form: QueryParameters) async throws -> WireResponse {
        _ = try await visitor.bucket(name)
        let filter = try UploadFilter(form)
        guard filter.olderThanDays > 0 else {
            throw StorageError.invalidArgument("Choose how old the uploads to abort must be (days).", name: "older", value: "")
        }
        let criterion = ExpiryCriterion(basis: .initiation, cutoff: engine.clock.now().adding(seconds: -filter.olderThanSeconds),
                                        prefix: Array(filter.prefix.utf8))
        let report = try await engine.abortAll(in: name, criterion: criterion)
        let text = "Aborted \(ConsoleFormat.count(report.abortedUploads, "upload")) (\(ConsoleFormat.count(report.abortedParts, "part"))); \(ConsoleFormat.bytes(report.reclaimedBytes)) reclaimed."
        return html(pages.render("message", MessagePage(nav: visitor.nav("uploads"), title: "Uploads aborted", text: text,
                                                        back: "/console/buckets/\(name.value)/uploads", backText: "Back to the uploads of \(name.value)")))
    }

    /// What `criterion` selects in `bucket` now, read through the time index (at most `limit`).
    func preview(_ bucket: BucketName, _ criterion: ExpiryCriterion, limit: Int) async throws -> (uploads: Int, parts: Int, bytes: Int64, capped: Bool) {
        var result = (uploads: 0, parts: 0, bytes: Int64(0), capped: false)
        var cursor: AgeCursor?
        repeat {
            let batch = try await engine.metadata.uploadsByAge(bucket: bucket, criterion: criterion, after: cursor, limit: 1000)
            result.uploads += batch.uploads.count
            result.parts += batch.uploads.reduce(0) { $0 + $1.partCount }
            result.bytes += batch.uploads.reduce(0) { $0 + $1.bytes }
            cursor = batch.next
            if result.uploads >= limit, cursor != nil { result.capped = true; break }
        } while cursor != nil
        return result
    }

    static func days(_ d: Double) -> String { d == d.rounded() ? String(Int(d)) : String(d) }

    static func filterQuery(_ f: UploadFilter) -> String {
        var items = ["prefix=" + PercentEncoding.encode(f.prefix), "older=" + (f.olderThanDays == 0 ? "" : days(f.olderThanDays)), "sort=" + f.sort]
        if let after = f.after { items.append("after=" + PercentEncoding.encode(after)) }
        return items.joined(separator: "&")
    }

    static func uploadsLink(_ bucket: BucketName, _ f: UploadFilter) -> String {
        "/console/buckets/\(bucket.value)/uploads?" + filterQuery(f)
    }
}

extension UploadFilter {
    /// The same filters from the first page.
    init(copying f: UploadFilter) {
        self.init()
        prefix = f.prefix
        olderThanDays = f.olderThanDays
        sort = f.sort
    }
}

/// The uploads page's view.
struct UploadsPage: Sendable {
    struct Row: Sendable {
        let key, uploadId, dialect, initiated, lastActivity, age, parts, bytes: String
    }

    let nav: Nav
    let bucket, prefix, older: String
    let byAge, byKey: Bool
    let rows: [Row]
    let empty: Bool
    let nextLink, firstLink: String?
    let canAbortOlder: Bool
    let abortOlderLink: String
}

/// The confirmation before aborting every match.
struct ConfirmAbortPage: Sendable {
    let nav: Nav
    let bucket, prefix, older, count, bytes, parts: String
    let nothing: Bool
    let cancelLink: String
}
