import Foundation
import TesseraCore
import TesseraHTTP

/// BOS's CORS JSON, `{"corsConfiguration":[{"allowedOrigins":[…],"allowedMethods":[…],
/// "allowedHeaders":[…],"allowedExposeHeaders":[…],"maxAgeSeconds":N},…]}`: the body of
/// PutBucketCors (bce-python-sdk's `put_bucket_cors` sends the list) and the answer of
/// GetBucketCors, as BOS's Go SDK reads it.
enum CrossOriginDocuments {
    private struct Body: Decodable {
        struct Rule: Decodable {
            var allowedOrigins: [String]?
            var allowedMethods: [String]?
            var allowedHeaders: [String]?
            var allowedExposeHeaders: [String]?
            var maxAgeSeconds: Int?
        }
        var corsConfiguration: [Rule]
    }

    /// The rules of a PutBucketCors body, checked as S3's are (``CrossOriginConfiguration/init(rules:)``);
    /// JSON of another shape is InappropriateJSON.
    static func parse(_ bytes: [UInt8]) throws(StorageError) -> CrossOriginConfiguration {
        let body: Body
        do { body = try JSONDecoder().decode(Body.self, from: Data(bytes)) } catch { throw RequestDocuments.inappropriate }
        return try CrossOriginConfiguration(rules: body.corsConfiguration.map {
            CrossOriginRule(allowedOrigins: $0.allowedOrigins ?? [], allowedMethods: $0.allowedMethods ?? [],
                            allowedHeaders: $0.allowedHeaders ?? [], exposeHeaders: $0.allowedExposeHeaders ?? [], maxAgeSeconds: $0.maxAgeSeconds)
        })
    }

    /// GetBucketCors's answer.
    static func render(_ configuration: CrossOriginConfiguration) -> String {
        var j = JSONWriter()
        j.openObject()
        j.openArray("corsConfiguration")
        for rule in configuration.rules {
            j.openObject()
            let lists: [(StaticString, [String])] = [("allowedOrigins", rule.allowedOrigins), ("allowedMethods", rule.allowedMethods),
                                                     ("allowedHeaders", rule.allowedHeaders), ("allowedExposeHeaders", rule.exposeHeaders)]
            for (name, values) in lists {
                j.openArray(name)
                for v in values { j.string(nil, v) }
                j.closeArray()
            }
            if let age = rule.maxAgeSeconds { j.int("maxAgeSeconds", Int64(age)) }
            j.closeObject()
        }
        j.closeArray()
        j.closeObject()
        return j.document
    }
}
