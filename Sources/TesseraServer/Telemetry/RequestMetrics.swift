import NIOConcurrencyHelpers
import Prometheus
import TesseraHTTP

/// Per-request series in `/metrics`: counts and latency histograms per dialect and operation,
/// bytes received and sent per dialect, errors per dialect and code.
///
/// The registry looks a series up by name and labels under its lock on every `make…` call; the
/// instruments of each (dialect, operation) are resolved once and kept here instead.
final class RequestMetrics: Sendable {
    private struct Instruments: Sendable {
        let requests: Counter
        let latency: ValueHistogram
        let bytesIn: Counter
        let bytesOut: Counter
    }

    /// A (dialect, operation) pair: hashed as two strings, not joined into a new one per request.
    private struct Series: Hashable, Sendable {
        let dialect: String
        let operation: String
    }

    /// Latency buckets in seconds: a metadata request takes well under a millisecond, a large part
    /// seconds.
    static let latencyBuckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]

    private let registry: PrometheusCollectorRegistry
    private let instruments = NIOLockedValueBox([Series: Instruments]())
    private let errors = NIOLockedValueBox([String: Counter]())

    /// Series registered in `registry`.
    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    /// Counts one finished request.
    func record(_ r: RequestRecord) {
        let i = instruments(dialect: r.dialect, operation: r.operation)
        i.requests.increment()
        i.latency.record(r.seconds)
        if r.bytesIn > 0 { i.bytesIn.increment(by: r.bytesIn) }
        if r.bytesOut > 0 { i.bytesOut.increment(by: r.bytesOut) }
        if let code = r.failure { errorCounter(dialect: r.dialect, code: code, status: r.status.code).increment() }
    }

    private func instruments(dialect: String, operation: String) -> Instruments {
        let name = Series(dialect: dialect, operation: operation)
        if let found = instruments.withLockedValue({ $0[name] }) { return found }
        let labels = [("dialect", dialect), ("operation", operation)]
        let made = Instruments(
            requests: registry.makeCounter(descriptor: ServerMetrics.descriptor("tessera_requests_total", "Requests answered, by dialect and operation."), labels: labels),
            latency: registry.makeValueHistogram(descriptor: ServerMetrics.descriptor("tessera_request_duration_seconds", "Time from a request's arrival to its last response byte."),
                                                 labels: labels, buckets: Self.latencyBuckets),
            bytesIn: registry.makeCounter(descriptor: ServerMetrics.descriptor("tessera_received_bytes_total", "Request body bytes read, by dialect and operation."), labels: labels),
            bytesOut: registry.makeCounter(descriptor: ServerMetrics.descriptor("tessera_sent_bytes_total", "Response body bytes written, by dialect and operation."), labels: labels))
        return instruments.withLockedValue { cache in
            if let raced = cache[name] { return raced }
            cache[name] = made
            return made
        }
    }

    private func errorCounter(dialect: String, code: String, status: Int) -> Counter {
        let name = dialect + " " + code + " " + String(status)
        if let found = errors.withLockedValue({ $0[name] }) { return found }
        let made = registry.makeCounter(descriptor: ServerMetrics.descriptor("tessera_request_errors_total", "Requests that failed, by dialect, error code and status."),
                                        labels: [("dialect", dialect), ("code", code), ("status", String(status))])
        errors.withLockedValue { $0[name] = made }
        return made
    }
}
