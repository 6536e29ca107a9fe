import TesseraCore
import TesseraHTTP

/// ListBuckets, GetBucketLocation and GetBucketVersioning documents.
enum BucketDocuments {
    static func listBuckets(_ buckets: [Bucket], owner: Owner) -> String {
        var x = XMLWriter()
        x.open("ListAllMyBucketsResult", xmlns: s3Namespace)
        x.principal("Owner", owner)
        x.open("Buckets")
        for b in buckets {
            x.element("Bucket") { e in
                e.element("Name", b.name.value)
                e.element("CreationDate", b.created.iso8601)
            }
        }
        x.close("Buckets")
        x.close("ListAllMyBucketsResult")
        return x.document
    }

    static func location(_ region: String) -> String {
        var x = XMLWriter()
        x.open("LocationConstraint", xmlns: s3Namespace)
        x.text(region)
        x.close("LocationConstraint")
        return x.document
    }

    static func versioning() -> String {
        var x = XMLWriter()
        x.open("VersioningConfiguration", xmlns: s3Namespace)
        x.close("VersioningConfiguration")
        return x.document
    }
}

