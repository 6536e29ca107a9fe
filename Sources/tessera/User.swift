import ArgumentParser
import TesseraServer

/// `tessera user`: manage credentials in a data directory.
struct User: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage users and their access keys.", subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user; generated keys are printed once.")
        @Argument(help: "Display name of the user.") var name: String
        @Option(help: "Access key (generated if omitted).") var accessKey: String?
        @Option(help: "Secret key (generated if omitted).") var secretKey: String?
        @Option(help: "Data directory.") var dataDir = "./tessera-data"

        func run() async throws {
            let storage = try await Storage.open(dataDirectory: dataDir)
            let c = try await Credentials.add(name: name, accessKey: accessKey, secretKey: secretKey, isAdmin: false, to: storage.metadata)
            print("Added user \(name) (id \(c.owner.id))")
            print("  access key: \(c.accessKey)")
            if secretKey == nil { print("  secret key: \(c.secretKey)") }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ls", abstract: "List users and their access keys.")
        @Option(help: "Data directory.") var dataDir = "./tessera-data"

        func run() async throws {
            let storage = try await Storage.open(dataDirectory: dataDir)
            for c in try await storage.metadata.credentials() {
                print("\(c.owner.displayName)\t\(c.accessKey)\t\(c.isAdmin ? "admin" : "user")\t\(c.created.iso8601)")
            }
        }
    }
}
