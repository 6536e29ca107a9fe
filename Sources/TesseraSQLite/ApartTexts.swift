import GRDB

/// Long texts kept out of the `WITHOUT ROWID` rows of objects and uploads (Schema v14, v15).
///
/// Such a row is a cell of an index B-tree, which keeps about 1,000 bytes on its page; a longer
/// one spills to overflow pages, which every search step comparing a key with that cell and every
/// listed row read (docs/benchmarks.md, the eighteenth and nineteenth passes). A text over its
/// limit is written to a rowid table of its own; the row keeps an empty text and that row's id,
/// and a trigger deletes it with the row.
enum ApartTexts {
    /// A table that holds long texts apart from their rows.
    enum Table {
        /// Objects' manifests (Schema v14).
        case manifests
        /// Objects' attributes (Schema v15).
        case objectAttributes
        /// Uploads' attributes (Schema v15).
        case uploadAttributes

        /// The statement that adds a text to the table.
        var statement: HotStatement {
            switch self {
            case .manifests: .insertManifest
            case .objectAttributes: .insertObjectAttributes
            case .uploadAttributes: .insertUploadAttributes
            }
        }
    }

    /// What a row stores for `text`: the text itself when at most `limit` bytes, else an empty
    /// text and the id of the row of `table` it is written to.
    static func store(_ db: StoreConnection, _ text: String, limit: Int, in table: Table) throws -> (text: String, id: Int64?) {
        guard text.utf8.count > limit else { return (text, nil) }
        try db.statement(table.statement).run { $0.text(text) }
        return ("", db.lastInsertedRowID)
    }
}
