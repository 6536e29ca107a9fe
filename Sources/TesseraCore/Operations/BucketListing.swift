/// What a page of ListBuckets asks for (S3's `prefix`, `bucket-region`, `continuation-token`
/// and `max-buckets`).
public struct BucketListQuery: Sendable, Hashable {
    /// Only names beginning with this.
    public var prefix: String
    /// Only buckets in this region, when one is named.
    public var region: String?
    /// Only names after this one (where the page before ended).
    public var after: String?
    /// At most this many (all without a limit).
    public var limit: Int?

    /// A query; the default asks for every bucket.
    public init(prefix: String = "", region: String? = nil, after: String? = nil, limit: Int? = nil) {
        self.prefix = prefix
        self.region = region
        self.after = after
        self.limit = limit
    }
}

/// A page of buckets, by name.
public struct BucketPage: Sendable, Hashable {
    /// The buckets.
    public var buckets: [Bucket]
    /// Whether more buckets match after the last one.
    public var isTruncated: Bool

    /// A page.
    public init(buckets: [Bucket], isTruncated: Bool) {
        self.buckets = buckets
        self.isTruncated = isTruncated
    }
}

extension Engine {
    /// A page of the buckets `caller` owns, by name, as `query` asks. A bucket created without a
    /// region is in `defaultRegion` (the dialect's own).
    ///
    /// An owner has few buckets (S3's default quota is 10,000), so they are filtered in memory
    /// from ``listBuckets(caller:)``.
    public func listBuckets(caller: Owner, query: BucketListQuery, defaultRegion: String) async throws -> BucketPage {
        var matching = try await listBuckets(caller: caller).lazy.filter { b in
            b.name.value.hasPrefix(query.prefix)
                && query.after.map { b.name.value > $0 } ?? true
                && query.region.map { (b.region.isEmpty ? defaultRegion : b.region) == $0 } ?? true
        }.makeIterator()
        var page: [Bucket] = []
        while query.limit.map({ page.count < $0 }) ?? true, let b = matching.next() { page.append(b) }
        return BucketPage(buckets: page, isTruncated: matching.next() != nil)
    }
}
