import Foundation
import GRDB
import Testing
@testable import TesseraSQLite

/// Values bound by position store exactly what GRDB's arguments store for the same Swift values
/// (type and bytes), a statement reused either way keeps working, and what SQLite refuses comes
/// back as GRDB's `DatabaseError` (the group commit's rollback of one write depends on it).
@Suite struct BindingsTests {
    func database() throws -> DatabaseQueue {
        SQLiteMetadataStore.prepareProcess()  // before this process's first SQLite connection
        let db = try DatabaseQueue()
        try db.write { try $0.execute(sql: "CREATE TABLE t(n INTEGER PRIMARY KEY, v)") }
        return db
    }

    /// `typeof` and `quote` of the value stored in row `n`.
    func stored(_ db: Database, _ n: Int) throws -> String? {
        try String.fetchOne(db, sql: "SELECT typeof(v) || ':' || quote(v) FROM t WHERE n = ?", arguments: [n])
    }

    @Test func eachKindStoresWhatGRDBStores() throws {
        let cases: [((any DatabaseValueConvertible)?, (inout Bindings) -> Void)] = [
            ("héllo", { $0.text("héllo") }),
            ("", { $0.text("") }),
            (String?.none, { $0.text(String?.none) }),
            (Data("key/ü".utf8), { $0.blob(utf8: "key/ü") }),
            (Data(), { $0.blob([]) }),
            (Data([0, 1, 255]), { $0.blob([0, 1, 255]) }),
            (Data?.none, { $0.blob([UInt8]?.none) }),
            (Int64.min, { $0.int(Int64.min) }),
            (42, { $0.int(42) }),
            (Int64?.none, { $0.int(Int64?.none) }),
        ]
        let db = try database()
        try db.write { db in
            for (i, (value, bind)) in cases.enumerated() {
                try db.execute(sql: "INSERT INTO t VALUES (?, ?)", arguments: [2 * i, value])
                try db.cachedStatement(sql: "INSERT INTO t VALUES (?, ?)").run { b in
                    b.int(2 * i + 1)
                    bind(&b)
                }
                let viaGRDB = try stored(db, 2 * i)
                #expect(viaGRDB != nil)
                #expect(try stored(db, 2 * i + 1) == viaGRDB, "case \(i)")
            }
        }
    }

    @Test func aStatementRunsWithBindingsAndWithArgumentsInTurn() throws {
        let db = try database()
        try db.write { db in
            let insert = try db.cachedStatement(sql: "INSERT INTO t VALUES (?, ?)")
            try insert.run { $0.int(1); $0.text("a") }
            try insert.execute(arguments: [2, "b"])
            try insert.run { $0.int(3); $0.text("c") }
            // Outside `#expect`: its capture of sub-expressions would run an `inout` closure twice.
            let select = try db.cachedStatement(sql: "SELECT v FROM t WHERE n >= ? ORDER BY n")
            let fromTwo = try ColumnCursor.all(select, bind: { $0.int(2) }) { $0.text(0) }
            let fromOne = try ColumnCursor.all(select, [1]) { $0.text(0) }
            let three = try ColumnCursor.first(select, bind: { $0.int(3) }) { $0.text(0) }
            let four = try ColumnCursor.first(select, bind: { $0.int(4) }) { $0.text(0) }
            #expect(fromTwo == ["b", "c"])
            #expect(fromOne == ["a", "b", "c"])
            #expect(three == "c")
            #expect(four == nil)
        }
    }

    @Test func aConstraintViolationIsADatabaseErrorAndLeavesTheRowAsItWas() throws {
        let db = try database()
        try db.write { db in
            let insert = try db.cachedStatement(sql: "INSERT INTO t VALUES (?, ?)")
            try insert.run { $0.int(1); $0.text("first") }
            do {
                try insert.run { $0.int(1); $0.text("second") }
                Issue.record("a duplicate key was inserted")
            } catch let error as DatabaseError {
                #expect(error.resultCode == .SQLITE_CONSTRAINT)
                #expect(error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY)
                #expect(error.sql == "INSERT INTO t VALUES (?, ?)")
            }
            #expect(try stored(db, 1) == "text:'first'")
            // The statement failed outside GRDB's execution, so it stays cached: it must run again.
            try insert.run { $0.int(2); $0.text("again") }
            #expect(try stored(db, 2) == "text:'again'")
        }
    }

    @Test func tooFewOrTooManyValuesAreAMisuseNotARun() throws {
        let db = try database()
        try db.write { db in
            let insert = try db.cachedStatement(sql: "INSERT INTO t VALUES (?, ?)")
            #expect(throws: DatabaseError.self) { try insert.run { b in b.int(1) } }
            #expect(throws: DatabaseError.self) { try insert.run { b in b.int(1); b.text("a"); b.text("b") } }
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t") == 0)
        }
    }
}
