public import TesseraCore
public import TesseraHTTP

/// A parsed ListBuckets request (S3's `prefix`, `bucket-region`, `continuation-token`,
/// `max-buckets`, which current SDKs page with and `aws s3 ls --bucket-name-prefix` sends): the
/// engine's query and what the answer echoes.
public struct S3BucketListing: Sendable, Hashable {
    /// What the engine lists.
    public var query: BucketListQuery
    /// Whether any of the four parameters was sent: S3 then names each bucket's region.
    public var parametersSent: Bool
    /// The `prefix` as sent (S3 echoes it).
    public var prefix: String?

    /// A request for every bucket, as one without parameters asks.
    public static let all = S3BucketListing(query: BucketListQuery(), parametersSent: false, prefix: nil)

    /// The largest `max-buckets` S3 accepts.
    static let maxBuckets = 10_000

    /// Reads the parameters: `max-buckets` must be an integer in 1...10,000 and a
    /// `continuation-token` one this server gave (base64 of the last name of a page).
    static func parse(_ q: QueryParameters) throws(StorageError) -> S3BucketListing {
        var query = BucketListQuery(prefix: q["prefix"] ?? "", region: q["bucket-region"])
        if let text = q["max-buckets"] {
            guard let limit = Int(text), (1...maxBuckets).contains(limit) else {
                throw StorageError.invalidArgument("Argument max-buckets must be an integer between 1 and \(maxBuckets)", name: "max-buckets",
                                                   value: text)
            }
            query.limit = limit
        }
        if let token = q["continuation-token"] {
            let name = try ContinuationToken.name(in: token)
            guard !name.isEmpty else { throw ContinuationToken.incorrect(token) }  // no page ends on no bucket
            query.after = name
        }
        let sent = ["prefix", "bucket-region", "max-buckets", "continuation-token"].contains { q[$0] != nil }
        return S3BucketListing(query: query, parametersSent: sent, prefix: q["prefix"])
    }

    /// The token that continues after `page`, when it is truncated.
    static func continuationToken(after page: BucketPage) -> String? {
        guard page.isTruncated, let last = page.buckets.last else { return nil }
        return ContinuationToken.make(after: last.name.value)
    }
}
