import TesseraCore
import TesseraHTTP

/// The dashboard: per bucket, in-progress uploads (count, parts, bytes, oldest) and stored objects,
/// from the kept totals (no scan); the totals; the reaper's last pass; and in-progress bytes by age.
extension ConsoleEndpoint {
    /// Uploads the age chart reads at most (oldest first, through the time index), so the
    /// dashboard of a bucket with millions of uploads still opens at once; the page says when
    /// the chart covers only these. Measured with 990,000 uploads: 20,000 cost ~95 ms a view.
    static let chartScanLimit = 5_000

    func dashboard(_ visitor: ConsoleVisitor) async throws -> WireResponse {
        let now = engine.clock.now()
        let buckets = try await visitor.buckets()
        let uploads = Dictionary(try await engine.uploadTotals().map { ($0.bucket, $0) }, uniquingKeysWith: { a, _ in a })
        let objects = Dictionary(try await engine.objectTotals().map { ($0.bucket, $0) }, uniquingKeysWith: { a, _ in a })
        var rows: [DashboardPage.Row] = []
        var total = (uploads: 0, parts: 0, bytes: Int64(0), objects: 0, objectBytes: Int64(0))
        for bucket in buckets {
            let u = uploads[bucket.name], o = objects[bucket.name]
            rows.append(DashboardPage.Row(
                name: bucket.name.value, owner: bucket.owner.displayName, uploads: ConsoleFormat.count(u?.uploads ?? 0, "upload"),
                parts: ConsoleFormat.count(u?.parts ?? 0, "part"), bytes: ConsoleFormat.bytes(u?.bytes ?? 0),
                oldest: u?.oldestInitiated.map { ConsoleFormat.age(seconds: ConsoleFormat.seconds(from: $0, to: now)) } ?? "–",
                objects: ConsoleFormat.count(o?.objects ?? 0, "object"), objectBytes: ConsoleFormat.bytes(o?.bytes ?? 0),
                hasRules: !(bucket.lifecycle?.rules.isEmpty ?? true)))
            total.uploads += u?.uploads ?? 0
            total.parts += u?.parts ?? 0
            total.bytes += u?.bytes ?? 0
            total.objects += o?.objects ?? 0
            total.objectBytes += o?.bytes ?? 0
        }
        var chart = AgeChart()
        var read = 0
        scan: for bucket in buckets where (uploads[bucket.name]?.uploads ?? 0) > 0 {
            var cursor: AgeCursor?
            repeat {
                let batch = try await engine.metadata.uploadsByAge(
                    bucket: bucket.name, criterion: ExpiryCriterion(basis: .initiation, cutoff: now, prefix: []), after: cursor, limit: 1000)
                for u in batch.uploads { chart.add(age: ConsoleFormat.seconds(from: u.initiated, to: now), size: u.bytes) }
                read += batch.uploads.count
                cursor = batch.next
                if read >= Self.chartScanLimit { break scan }
            } while cursor != nil
        }
        let reap = metrics.lastReap.map { last in
            DashboardPage.Reap(finished: ConsoleFormat.instant(last.finished), ago: ConsoleFormat.age(seconds: ConsoleFormat.seconds(from: last.finished, to: now)),
                               aborted: ConsoleFormat.count(last.report.abortedUploads, "upload"),
                               parts: ConsoleFormat.count(last.report.abortedParts, "part"), reclaimed: ConsoleFormat.bytes(last.report.reclaimedBytes),
                               milliseconds: String(Int((last.seconds * 1000).rounded())))
        }
        let page = DashboardPage(
            nav: visitor.nav("dashboard"), buckets: rows, noBuckets: rows.isEmpty,
            totalUploads: ConsoleFormat.count(total.uploads, "upload"), totalParts: ConsoleFormat.count(total.parts, "part"),
            totalBytes: ConsoleFormat.bytes(total.bytes), totalObjects: ConsoleFormat.count(total.objects, "object"),
            totalObjectBytes: ConsoleFormat.bytes(total.objectBytes), reap: reap, chart: chart.svg,
            chartPartial: read >= Self.chartScanLimit ? "The chart counts the oldest \(Self.chartScanLimit) uploads." : nil,
            allUsers: visitor.isAdmin)
        return html(pages.render("dashboard", page))
    }
}

/// The dashboard's view.
struct DashboardPage: Sendable {
    struct Row: Sendable {
        let name, owner, uploads, parts, bytes, oldest, objects, objectBytes: String
        let hasRules: Bool
    }

    struct Reap: Sendable {
        let finished, ago, aborted, parts, reclaimed, milliseconds: String
    }

    let nav: Nav
    let buckets: [Row]
    let noBuckets: Bool
    let totalUploads, totalParts, totalBytes, totalObjects, totalObjectBytes: String
    let reap: Reap?
    let chart: String
    let chartPartial: String?
    let allUsers: Bool
}
