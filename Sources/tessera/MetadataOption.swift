import ArgumentParser
import Foundation

/// `--metadata postgres://…` (or `TESSERA_METADATA`), beside `--data-dir`: where the metadata
/// lives when several gateways share it. Without it, SQLite in the data directory.
struct MetadataOption: ParsableArguments {
    @Option(name: .customLong("metadata"),
            help: "PostgreSQL metadata of several gateways: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE (also TESSERA_METADATA). Default: SQLite in the data directory.")
    var option: String?

    /// The URL given, by flag or environment.
    var url: String? {
        option ?? ProcessInfo.processInfo.environment["TESSERA_METADATA"].flatMap { $0.isEmpty ? nil : $0 }
    }
}
