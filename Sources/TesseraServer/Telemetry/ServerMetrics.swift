import NIOConcurrencyHelpers
public import Prometheus
public import TesseraCore

/// What `/metrics` exposes: per-bucket in-progress upload gauges, refreshed from the engine's
/// incrementally kept totals at each scrape (no scan), the reaper's counters, and the per-request
/// series of ``RequestMetrics``.
public final class ServerMetrics: Sendable {
    /// The registry rendered at `/metrics`.
    public let registry = PrometheusCollectorRegistry()
    /// The per-bucket gauges rendered last (name, bucket): those of a bucket gone are removed.
    private let gaugesShown = NIOLockedValueBox(Set<GaugeKey>())

    private struct GaugeKey: Hashable {
        let name: String
        let help: String
        let bucket: String
    }

    let reaperRuns: Counter
    let reaperAborted: Counter
    let reaperParts: Counter
    let reaperBytes: Counter
    let reaperVisited: Counter
    let reaperFailures: Counter
    let reaperExpired: Counter
    let reaperExpiredBytes: Counter
    let reaperLastDuration: Gauge
    let reaperLastRun: Gauge
    let freeBytes: Gauge
    let freeBytesReserve: Gauge
    /// The last reaper pass of this process.
    public struct LastReap: Sendable {
        /// When it finished (storage clock).
        public var finished: Timestamp
        /// How long it took.
        public var seconds: Double
        /// What it did.
        public var report: ReapReport
    }

    private let lastReapBox = NIOLockedValueBox<LastReap?>(nil)

    /// The last reaper pass of this process, if one ran (the console's dashboard shows it).
    public var lastReap: LastReap? { lastReapBox.withLockedValue { $0 } }

    /// Per-request counts, latencies, bytes and errors.
    let requests: RequestMetrics

    /// Creates the metrics and registers the reaper's.
    public init() {
        requests = RequestMetrics(registry: registry)
        reaperRuns = registry.makeCounter(descriptor: Self.descriptor("tessera_reaper_runs_total", "Reaper passes run (on the interval or on demand)."))
        reaperAborted = registry.makeCounter(descriptor: Self.descriptor("tessera_reaper_aborted_uploads_total", "Uploads the reaper aborted because a lifecycle rule expired them."))
        reaperParts = registry.makeCounter(descriptor: Self.descriptor("tessera_reaper_aborted_parts_total", "Parts held by the uploads the reaper aborted."))
        reaperBytes = registry.makeCounter(descriptor: Self.descriptor("tessera_reaper_reclaimed_bytes_total", "Bytes held by the uploads the reaper aborted."))
        reaperVisited = registry.makeCounter(descriptor: Self.descriptor("tessera_reaper_visited_entries_total", "Time-index entries the reaper read (all past some rule's cutoff)."))
        reaperExpired = registry.makeCounter(descriptor: Self.descriptor("tessera_reaper_expired_objects_total", "Objects the reaper deleted because a lifecycle rule expired them."))
        reaperExpiredBytes = registry.makeCounter(descriptor: Self.descriptor("tessera_reaper_expired_bytes_total", "Bytes held by the objects the reaper deleted."))
        reaperFailures = registry.makeCounter(descriptor: Self.descriptor("tessera_reaper_failures_total", "Reaper passes that failed."))
        reaperLastDuration = registry.makeGauge(descriptor: Self.descriptor("tessera_reaper_last_duration_seconds", "Duration of the last reaper pass."))
        reaperLastRun = registry.makeGauge(descriptor: Self.descriptor("tessera_reaper_last_run_timestamp_seconds", "When the last reaper pass finished (storage clock)."))
        freeBytes = registry.makeGauge(descriptor: Self.descriptor("tessera_storage_free_bytes", "Free bytes on the file system holding the blobs."))
        freeBytesReserve = registry.makeGauge(descriptor: Self.descriptor("tessera_storage_free_bytes_reserve", "Free bytes below which writes are refused (0: no reserve)."))
    }

    /// Records a finished reaper pass.
    func recordReap(_ report: ReapReport, seconds: Double, finishedAt: Timestamp) {
        lastReapBox.withLockedValue { $0 = LastReap(finished: finishedAt, seconds: seconds, report: report) }
        reaperRuns.increment()
        reaperAborted.increment(by: Int64(report.abortedUploads))
        reaperParts.increment(by: Int64(report.abortedParts))
        reaperBytes.increment(by: report.reclaimedBytes)
        reaperVisited.increment(by: Int64(report.visited))
        reaperExpired.increment(by: Int64(report.expiredObjects))
        reaperExpiredBytes.increment(by: report.expiredBytes)
        reaperLastDuration.set(seconds)
        reaperLastRun.set(Double(finishedAt.microseconds) / 1_000_000)
    }

    /// Refreshes the per-bucket gauges from the kept totals (`uploads` in progress, `objects`
    /// stored) and the free-space gauges, and renders everything in the text format.
    public func render(uploads: [UploadTotals], objects: [ObjectTotals], now: Timestamp, freeBytes free: Int64?, reserve: Int64) -> String {
        if let free { freeBytes.set(Double(free)) }
        freeBytesReserve.set(Double(reserve))
        var values: [GaugeKey: Double] = [:]
        for t in uploads {
            let age = t.oldestInitiated.map { Double(max(0, now.microseconds - $0.microseconds)) / 1_000_000 } ?? 0
            for ((name, help), value) in zip(Self.uploadGauges, [Double(t.uploads), Double(t.parts), Double(t.bytes), age]) {
                values[GaugeKey(name: name, help: help, bucket: t.bucket.value)] = value
            }
        }
        for t in objects {
            for ((name, help), value) in zip(Self.objectGauges, [Double(t.objects), Double(t.bytes)]) {
                values[GaugeKey(name: name, help: help, bucket: t.bucket.value)] = value
            }
        }
        let gone = gaugesShown.withLockedValue { shown in
            defer { shown = Set(values.keys) }
            return shown.subtracting(values.keys)
        }
        for key in gone {
            registry.unregisterGauge(registry.makeGauge(descriptor: Self.descriptor(key.name, key.help), labels: [("bucket", key.bucket)]))
        }
        for (key, value) in values {
            registry.makeGauge(descriptor: Self.descriptor(key.name, key.help), labels: [("bucket", key.bucket)]).set(value)
        }
        return registry.emitToString()
    }

    /// A metric's full name (unit included) and help text.
    static func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    static let objectGauges = [
        ("tessera_bucket_objects", "Objects stored in the bucket."),
        ("tessera_bucket_bytes", "Bytes held by the objects stored in the bucket."),
    ]

    static let uploadGauges = [
        ("tessera_uploads_in_progress", "In-progress multipart uploads in the bucket."),
        ("tessera_upload_parts", "Parts held by the bucket's in-progress uploads."),
        ("tessera_upload_bytes", "Bytes held by the bucket's in-progress uploads."),
        ("tessera_upload_oldest_age_seconds", "Age of the bucket's oldest in-progress upload (0 when none)."),
    ]
}
