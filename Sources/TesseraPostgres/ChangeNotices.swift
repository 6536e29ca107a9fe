import Logging
import NIOConcurrencyHelpers
import PostgresNIO
import TesseraCore

/// Cached records changed by one gateway reach every other at once: the change's transaction
/// sends `NOTIFY tessera_changes` (delivered at commit), and each store listens on a connection
/// of its own and forgets the record. The caches' 5 s lifetime stays the bound when a notice is
/// missed (listener reconnecting, or a change made before it was listening).
enum ChangeNotices {
    static let channel = "tessera_changes"

    /// What changed: a credential or a bucket.
    enum Record {
        case credential(String)
        case bucket(BucketName)

        var payload: String {
            switch self {
            case .credential(let key): "c:" + key
            case .bucket(let name): "b:" + name.value
            }
        }
    }

    /// Sends the notice in the caller's transaction.
    static func send(_ s: Session, _ record: Record) async throws {
        try await s.execute("SELECT pg_notify(\(channel), \(record.payload))")
    }

    /// Listens until cancelled, reconnecting after a failure; each notice forgets its record.
    static func listen(client: PostgresClient, credentials: RecordCache<String, Credential>,
                       buckets: RecordCache<BucketName, Bucket>, listening: NIOLockedValueBox<Bool>, logger: Logger) async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: channel) { notices in
                        listening.withLockedValue { $0 = true }
                        defer { listening.withLockedValue { $0 = false } }
                        for try await notice in notices {
                            let payload = notice.payload
                            if payload.hasPrefix("c:") {
                                credentials.changed(String(payload.dropFirst(2)), to: nil)
                            } else if payload.hasPrefix("b:") {
                                buckets.changed(BucketName(trusted: String(payload.dropFirst(2))), to: nil)
                            }
                        }
                    }
                }
            } catch {
                logger.warning("change notices interrupted, reconnecting: \(error)")
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }
}
