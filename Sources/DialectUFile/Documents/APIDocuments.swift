import Crypto
import TesseraCore
import TesseraHTTP

/// The API form's JSON answers (`{"Action": "<Name>Response", "RetCode": 0, …}`).
enum APIDocuments {
    /// A stable id for a bucket, shaped as UCloud's (`ufile-` and eight hex digits).
    static func bucketID(_ name: BucketName) -> String {
        "ufile-" + Identifiers.hex(Insecure.SHA1.hash(data: Array(name.value.utf8))).prefix(8)
    }

    /// CreateBucket, UpdateBucket, DeleteBucket: the bucket's name and id.
    static func bucketResult(_ action: String, _ name: BucketName) -> String {
        var j = JSONWriter()
        j.openObject()
        j.string("Action", action + "Response")
        j.int("RetCode", 0)
        j.string("Message", "")
        j.string("BucketName", name.value)
        j.string("BucketId", bucketID(name))
        j.closeObject()
        return j.document
    }

    /// DescribeBucket: `DataSet` of `UFileBucketSet`s; `domain` is the UFile suffix their
    /// download domain shows.
    static func describe(_ buckets: [Bucket], domain: String) -> String {
        var j = JSONWriter()
        j.openObject()
        j.string("Action", "DescribeBucketResponse")
        j.int("RetCode", 0)
        j.string("Message", "")
        j.openArray("DataSet")
        for b in buckets {
            j.openObject()
            j.string("BucketName", b.name.value)
            j.string("BucketId", bucketID(b.name))
            j.string("Type", b.access == .publicRead ? "public" : "private")
            j.string("Region", b.region)
            j.int("CreateTime", b.created.seconds)
            j.int("ModifyTime", b.created.seconds)
            j.string("Biz", "general")
            j.string("Tag", "Default")
            j.int("HasUserDomain", 0)
            j.openObject("Domain")
            j.openArray("Src")
            j.string(nil, b.name.value + domain)
            j.closeArray()
            for empty: StaticString in ["Cdn", "CustomSrc", "CustomCdn"] {
                j.openArray(empty)
                j.closeArray()
            }
            j.closeObject()
            j.closeObject()
        }
        j.closeArray()
        j.closeObject()
        return j.document
    }
}
