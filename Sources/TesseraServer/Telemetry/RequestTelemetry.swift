import TesseraCore
import TesseraHTTP

/// Where a finished request's record goes: the per-request metrics, and the access log when one
/// is kept.
struct RequestTelemetry: Sendable {
    let metrics: RequestMetrics
    let accessLog: AccessLog?
    let clock: any WallClock

    /// Records `record`, whose bytes and duration are final.
    func finished(_ record: RequestRecord) {
        metrics.record(record)
        accessLog?.append(record, at: clock.now())
    }
}
