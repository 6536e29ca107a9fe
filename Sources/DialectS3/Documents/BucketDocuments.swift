import TesseraCore
import TesseraHTTP

/// ListBuckets and GetBucketLocation documents.
enum BucketDocuments {
    /// A ListBuckets page. With any of its parameters sent, S3 names each bucket's region
    /// (`BucketRegion`) and echoes the prefix; a truncated page ends with its `ContinuationToken`.
    static func listBuckets(_ page: BucketPage, _ l: S3BucketListing, owner: Owner, defaultRegion: String) -> String {
        var x = XMLWriter()
        x.open("ListAllMyBucketsResult", xmlns: s3Namespace)
        x.principal("Owner", owner)
        x.open("Buckets")
        for b in page.buckets {
            x.element("Bucket") { e in
                e.element("Name", b.name.value)
                e.element("CreationDate", b.created.iso8601)
                if l.parametersSent { e.element("BucketRegion", b.region.isEmpty ? defaultRegion : b.region) }
            }
        }
        x.close("Buckets")
        if let token = S3BucketListing.continuationToken(after: page) { x.element("ContinuationToken", token) }
        if let prefix = l.prefix { x.element("Prefix", prefix) }
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
}

