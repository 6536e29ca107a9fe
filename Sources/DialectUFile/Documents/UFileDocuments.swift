import TesseraCore
import TesseraHTTP

/// UFile's JSON documents, fields in a fixed order.
enum UFileDocuments {
    /// `{"RetCode": n, "ErrMsg": …}`; API-form answers also carry `Action` and `Message`.
    static func error(retCode: Int, message: String, action: String? = nil) -> String {
        var j = JSONWriter()
        j.openObject()
        j.int("RetCode", Int64(retCode))
        j.string("ErrMsg", message)
        if let action {
            j.string("Action", action + "Response")
            j.string("Message", message)
        }
        j.closeObject()
        return j.document
    }

    static func initiate(_ u: Upload) -> String {
        var j = JSONWriter()
        j.openObject()
        j.string("UploadId", u.id.value)
        j.int("BlkSize", u.blockSize ?? Int64(SHA1BlockDigest.ufileBlockSize))
        j.string("Bucket", u.bucket.value)
        j.string("Key", u.key.value)
        j.closeObject()
        return j.document
    }

    static func partNumber(_ n: Int) -> String {
        var j = JSONWriter()
        j.openObject()
        j.int("PartNumber", Int64(n))
        j.closeObject()
        return j.document
    }

    static func finish(bucket: String, key: String, size: Int64) -> String {
        var j = JSONWriter()
        j.openObject()
        j.string("Bucket", bucket)
        j.string("Key", key)
        j.int("FileSize", size)
        j.closeObject()
        return j.document
    }

    /// GetMultiUploadId, as the seed document specifies (plus Action).
    /// GetMultiUploadId in both forms, with the union of the fields the API page (`RetCode`,
    /// `Action`, `Message`/`ErrMsg`, `NextMarker`, `DataSet`) and the REST page (`Bucket`,
    /// `UploadIdMarker`, `IsTruncated`, `StorageClass`) name.
    static func multiUploadIDs(_ uploads: [Upload], bucket: String, uploadIDMarker: String, isTruncated: Bool, nextMarker: String) -> String {
        var j = JSONWriter()
        j.openObject()
        j.string("Bucket", bucket)
        j.openArray("DataSet")
        for u in uploads {
            j.openObject()
            j.string("UploadId", u.id.value)
            j.string("FileName", u.key.value)
            j.int("StartTime", u.initiated.seconds)
            j.string("StorageClass", u.attributes.storageClass)
            j.closeObject()
        }
        j.closeArray()
        j.string("UploadIdMarker", uploadIDMarker)
        j.bool("IsTruncated", isTruncated)
        j.string("NextMarker", nextMarker)
        j.int("RetCode", 0)
        j.string("ErrMsg", "")
        j.string("Message", "")
        j.string("Action", "GetMultiUploadIdResponse")
        j.closeObject()
        return j.document
    }

    static func multiUploadParts(_ page: PartsPage, maxParts: Int, etag: (Part) -> String) -> String {
        var j = JSONWriter()
        j.openObject()
        j.string("UploadId", page.upload.id.value)
        j.string("Bucket", page.upload.bucket.value)
        j.string("Key", page.upload.key.value)
        j.int("MaxParts", Int64(maxParts))
        j.bool("IsTruncated", page.isTruncated)
        j.int("NextPartNumberMarker", Int64(max(page.nextPartNumberMarker - 1, 0)))
        j.openArray("Parts")
        for p in page.parts {
            j.openObject()
            j.int("PartNum", Int64(p.number.value - 1))
            j.string("Etag", etag(p))
            j.int("LastModified", p.lastModified.seconds)
            j.int("Size", p.size)
            j.closeObject()
        }
        j.closeArray()
        j.int("RetCode", 0)
        j.string("ErrMsg", "")
        j.closeObject()
        return j.document
    }

    static func prefixFileList(_ page: ListingPage<ObjectRecord>, bucket: String, etag: (UnsafePointer<ObjectRecord>) -> String) -> String {
        var j = JSONWriter()
        j.openObject()
        j.string("BucketName", bucket)
        j.string("BucketId", bucket)
        j.string("NextMarker", page.isTruncated ? page.nextKeyMarker ?? "" : "")
        j.openArray("DataSet")
        page.forEachItem { o in
            j.openObject()
            j.string("BucketName", bucket)
            j.string("FileName", o.pointee.key.value)
            j.string("Hash", etag(o))
            j.string("MimeType", o.pointee.attributes.contentType ?? "application/octet-stream")
            j.int("Size", o.pointee.size)
            j.int("CreateTime", o.pointee.lastModified.seconds)
            j.int("ModifyTime", o.pointee.lastModified.seconds)
            j.string("StorageClass", o.pointee.attributes.storageClass)
            j.closeObject()
        }
        j.closeArray()
        j.closeObject()
        return j.document
    }

    static func listObjects(_ page: ListingPage<ObjectRecord>, bucket: String, prefix: String, delimiter: String, maxKeys: Int,
                            etag: (UnsafePointer<ObjectRecord>) -> String) -> String {
        var j = JSONWriter()
        j.openObject()
        j.string("Name", bucket)
        j.string("Prefix", prefix)
        j.int("MaxKeys", Int64(maxKeys))
        j.string("Delimiter", delimiter)
        j.bool("IsTruncated", page.isTruncated)
        j.string("NextMarker", page.isTruncated ? page.nextKeyMarker ?? "" : "")
        j.openArray("Contents")
        page.forEachItem { o in
            j.openObject()
            j.string("Key", o.pointee.key.value)
            j.string("MimeType", o.pointee.attributes.contentType ?? "application/octet-stream")
            // Integers (unix seconds), as the ListObjects page types them (JuiceFS decodes them so).
            j.int("LastModified", o.pointee.lastModified.seconds)
            j.int("CreateTime", o.pointee.lastModified.seconds)
            j.string("Etag", etag(o))
            j.string("Size", String(o.pointee.size))
            j.string("StorageClass", o.pointee.attributes.storageClass)
            j.openObject("UserMeta")
            for m in o.pointee.attributes.userMetadata { j.string(key: m.name, m.value) }
            j.closeObject()
            j.closeObject()
        }
        j.closeArray()
        j.openArray("CommonPrefixes")
        for p in page.commonPrefixes {
            j.openObject()
            j.string("Prefix", p)
            j.closeObject()
        }
        j.closeArray()
        j.closeObject()
        return j.document
    }
}
