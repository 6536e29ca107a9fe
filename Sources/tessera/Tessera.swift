import ArgumentParser

/// The `tessera` command (started by ``Entry``).
struct Tessera: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Tessera: object storage speaking S3, BOS and UFile over one engine.",
        subcommands: [Serve.self, User.self, Uploads.self, Lifecycle.self, Verify.self, Migrate.self, Bench.self],
        defaultSubcommand: Serve.self)
}
