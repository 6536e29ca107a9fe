/// One tag of an object (S3 object tagging): a key and a value, both as given.
public struct ObjectTag: Hashable, Sendable, Codable {
    /// The tag's key: 1–128 characters, not starting with `aws:`.
    public var key: String
    /// The tag's value: 0–256 characters.
    public var value: String

    /// Creates a tag, unchecked (``ObjectTag/validated(_:)`` checks a whole set).
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    /// Most tags one object carries.
    public static let maxCount = 10
    /// Most tags one bucket carries.
    public static let maxBucketCount = 50
    /// Longest key, in characters.
    public static let maxKeyLength = 128
    /// Longest value, in characters.
    public static let maxValueLength = 256

    /// `tags` if they make a set S3 stores: at most ten (a bucket's: ``maxBucketCount``), each key
    /// unique, 1–128 characters and not `aws:`-prefixed, each value up to 256, and both only of
    /// letters, digits, spaces and `+ - = . _ : / @` (S3's rule for tags). Throws `invalidTag`
    /// with S3's wording otherwise.
    public static func validated(_ tags: [ObjectTag], forBucket: Bool = false) throws(StorageError) -> [ObjectTag] {
        if forBucket {
            guard tags.count <= maxBucketCount else { throw invalid("Bucket tag count cannot be greater than \(maxBucketCount)") }
        } else {
            guard tags.count <= maxCount else { throw invalid("Object tags cannot be greater than \(maxCount)") }
        }
        var seen = Set<String>()
        for t in tags {
            guard !t.key.isEmpty, allowed(t.key) else { throw invalid("The TagKey you have provided is invalid") }
            guard t.key.count <= maxKeyLength else { throw invalid("The TagKey you have provided is too long, max \(maxKeyLength)") }
            guard !t.key.lowercased().hasPrefix("aws:") else { throw invalid("Your TagKey cannot be prefixed with aws:") }
            guard allowed(t.value) else { throw invalid("The TagValue you have provided is invalid") }
            guard t.value.count <= maxValueLength else { throw invalid("The TagValue you have provided is too long, max \(maxValueLength)") }
            guard seen.insert(t.key).inserted else { throw invalid("Cannot provide multiple Tags with the same key") }
        }
        return tags
    }

    /// Whether every character of `s` is a letter, a digit, a space or one of `+ - = . _ : / @`
    /// (S3's `[\p{L}\p{Z}\p{N}_.:/=+\-@]*`).
    static func allowed(_ s: String) -> Bool {
        s.unicodeScalars.allSatisfy { u in
            switch u.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .spaceSeparator, .lineSeparator, .paragraphSeparator,
                 .decimalNumber, .letterNumber, .otherNumber:
                return true
            default:
                return "_.:/=+-@".unicodeScalars.contains(u)
            }
        }
    }

    static func invalid(_ message: String) -> StorageError { StorageError(.invalidTag, message) }
}

/// Which tags a copy gives its object.
public enum TagDirective: Sendable, Hashable {
    /// The source object's tags (S3's default, `x-amz-tagging-directive: COPY`).
    case copy
    /// These tags instead (`REPLACE`, with the request's `x-amz-tagging`); empty means none.
    case replace([ObjectTag])
}
