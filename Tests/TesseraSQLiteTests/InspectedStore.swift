import GRDB
import TesseraCore
import TesseraTestSupport
@testable import TesseraSQLite

/// A SQLite store on a fresh database file named `file`, a second connection to the same file for
/// a test to count rows the store keeps apart (`object_contents`, `object_manifests`), and a
/// bucket in it. The caller closes the connection.
func inspectedStore(_ file: String) async throws -> (store: SQLiteMetadataStore, queue: DatabaseQueue, bucket: BucketName) {
    let path = try StoreKind.temporaryDirectory().appendingPathComponent(file).path
    let store = try SQLiteMetadataStore(path: path)
    let queue = try DatabaseQueue(path: path)
    return (store, queue, try await bucket(store))
}
