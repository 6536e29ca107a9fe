import ArgumentParser
import TesseraServer

/// `tessera user`: manage credentials in a data directory.
struct User: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage users and their access keys (also while the server runs: a revoked key stops working within 5 s).",
                                                    subcommands: [Add.self, List.self, Remove.self, Key.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user; generated keys are printed once.")
        @Argument(help: "Display name of the user.") var name: String
        @Option(help: "Access key (generated if omitted).") var accessKey: String?
        @Option(help: "Secret key (generated if omitted).") var secretKey: String?
        @Option(help: "Data directory (also while the server runs).") var dataDir = "./tessera-data"
        @OptionGroup var metadata: MetadataOption

        func run() async throws {
            let storage = try await Storage.open(dataDirectory: dataDir, metadataURL: metadata.url)
            let c = try await Credentials.addUser(name: name, accessKey: accessKey, secretKey: secretKey, to: storage.metadata)
            print("Added user \(name) (id \(c.owner.id))")
            print("  access key: \(c.accessKey)")
            if secretKey == nil { print("  secret key: \(c.secretKey)") }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ls", abstract: "List users and their access keys.")
        @Option(help: "Data directory (also while the server runs).") var dataDir = "./tessera-data"
        @OptionGroup var metadata: MetadataOption

        func run() async throws {
            let storage = try await Storage.open(dataDirectory: dataDir, metadataURL: metadata.url)
            for c in try await storage.metadata.credentials() {
                print("\(c.owner.displayName)\t\(c.accessKey)\t\(c.isAdmin ? "admin" : "user")\t\(c.created.iso8601)")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove a user and all their keys (refused while they own buckets).")
        @Argument(help: "Name of the user.") var name: String
        @Option(help: "Data directory (also while the server runs).") var dataDir = "./tessera-data"
        @OptionGroup var metadata: MetadataOption

        func run() async throws {
            let storage = try await Storage.open(dataDirectory: dataDir, metadataURL: metadata.url)
            let removed = try await Credentials.removeUser(name: name, from: storage.metadata)
            print("Removed user \(name) (\(removed.count == 1 ? "1 key" : "\(removed.count) keys"))")
        }
    }

    struct Key: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add or revoke a user's access keys.", subcommands: [AddKey.self, Revoke.self])

        struct AddKey: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "add", abstract: "Give a user another key pair; the secret is printed once.")
            @Argument(help: "Name of the user.") var name: String
            @Option(help: "Data directory (also while the server runs).") var dataDir = "./tessera-data"
            @OptionGroup var metadata: MetadataOption

            func run() async throws {
                let storage = try await Storage.open(dataDirectory: dataDir, metadataURL: metadata.url)
                let c = try await Credentials.addKey(name: name, to: storage.metadata)
                print("Added a key for \(name)")
                print("  access key: \(c.accessKey)")
                print("  secret key: \(c.secretKey)")
            }
        }

        struct Revoke: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Revoke an access key (the last admin key is kept).")
            @Argument(help: "The access key.") var accessKey: String
            @Option(help: "Data directory (also while the server runs).") var dataDir = "./tessera-data"
            @OptionGroup var metadata: MetadataOption

            func run() async throws {
                let storage = try await Storage.open(dataDirectory: dataDir, metadataURL: metadata.url)
                try await Credentials.revoke(accessKey: accessKey, from: storage.metadata)
                print("Revoked \(accessKey)")
            }
        }
    }
}
