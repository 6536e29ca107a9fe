import GRDB

extension Schema {
    /// A bucket's settings kept whole, each a nullable JSON (or text) column of `buckets` added
    /// by its own migration, in this order (v17–v23; migrations are append-only: a new setting
    /// goes at the end).
    static let bucketSettingColumns = [
        ("v17-bucket-tags", "tags"),
        ("v18-bucket-cors", "cors"),
        ("v19-public-access-block", "public_access_block"),
        ("v20-object-ownership", "object_ownership"),
        ("v21-bucket-policy", "policy"),
        ("v22-bucket-access-list", "access_list"),
        ("v23-bucket-versioning", "versioning"),
    ]

    /// Registers the bucket settings' migrations.
    static func registerBucketSettings(_ m: inout DatabaseMigrator) {
        for (name, column) in bucketSettingColumns {
            m.registerMigration(name) { db in
                try db.execute(sql: "ALTER TABLE buckets ADD COLUMN \(column) TEXT")
            }
        }
    }
}
