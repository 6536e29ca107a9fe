import Foundation
import TesseraCore
import TesseraHTTP

/// BOS's object-tagging JSON: `{"tagSet":[{"tagInfo":…}]}`. BOS's PutObjectTagging page writes
/// `tagInfo` as a list of `{"key","value"}` objects; the Java SDK reads and writes it as one
/// object of keys to values. A body in either form is taken; GetObjectTagging answers in the
/// SDK's form (the real client wins where the two disagree).
enum TaggingDocuments {
    private struct Body: Decodable {
        struct Set: Decodable { var tagInfo: Info }
        enum Info: Decodable {
            case list([Pair])
            case map([String: String])
            init(from decoder: any Decoder) throws {
                let c = try decoder.singleValueContainer()
                if let list = try? c.decode([Pair].self) { self = .list(list) } else { self = .map(try c.decode([String: String].self)) }
            }
        }
        struct Pair: Decodable {
            var key: String
            var value: String
        }
        var tagSet: [Set]
    }

    /// The tags of a PutObjectTagging body, checked (``ObjectTag/validated(_:)``); anything else
    /// is InappropriateJSON.
    static func parse(_ bytes: [UInt8]) throws(StorageError) -> [ObjectTag] {
        let body: Body
        do { body = try JSONDecoder().decode(Body.self, from: Data(bytes)) } catch { throw RequestDocuments.inappropriate }
        var tags: [ObjectTag] = []
        for set in body.tagSet {
            switch set.tagInfo {
            case .list(let pairs): tags += pairs.map { ObjectTag(key: $0.key, value: $0.value) }
            case .map(let map): tags += map.sorted { $0.key < $1.key }.map { ObjectTag(key: $0.key, value: $0.value) }
            }
        }
        return try ObjectTag.validated(tags)
    }

    private struct BucketBody: Decodable {
        struct Tag: Decodable {
            var tagKey: String
            var tagValue: String
        }
        var tags: [Tag]
    }

    /// The tags of a PutBucketTagging body, `{"tags":[{"tagKey","tagValue"},…]}`, checked as a
    /// bucket's (``ObjectTag/validated(_:forBucket:)``); anything else is InappropriateJSON.
    static func parseBucket(_ bytes: [UInt8]) throws(StorageError) -> [ObjectTag] {
        let body: BucketBody
        do { body = try JSONDecoder().decode(BucketBody.self, from: Data(bytes)) } catch { throw RequestDocuments.inappropriate }
        return try ObjectTag.validated(body.tags.map { ObjectTag(key: $0.tagKey, value: $0.tagValue) }, forBucket: true)
    }

    /// GetBucketTagging's answer: `{"tag":[{"tag_key","tag_value"},…]}` (the Go SDK's
    /// `GetBucketTagResult`).
    static func renderBucket(_ tags: [ObjectTag]) -> String {
        var j = JSONWriter()
        j.openObject()
        j.openArray("tag")
        for t in tags {
            j.openObject()
            j.string("tag_key", t.key)
            j.string("tag_value", t.value)
            j.closeObject()
        }
        j.closeArray()
        j.closeObject()
        return j.document
    }

    /// GetObjectTagging's answer: `{"tagSet":[{"tagInfo":{"k":"v",…}}]}`.
    static func render(_ tags: [ObjectTag]) -> String {
        var j = JSONWriter()
        j.openObject()
        j.openArray("tagSet")
        j.openObject()
        j.openObject("tagInfo")
        for t in tags { j.string(key: t.key, t.value) }
        j.closeObject()
        j.closeObject()
        j.closeArray()
        j.closeObject()
        return j.document
    }
}
