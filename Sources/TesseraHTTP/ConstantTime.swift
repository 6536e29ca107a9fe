/// Comparisons whose time does not depend on where the inputs differ (signature checks).
public enum ConstantTime {
    /// Whether `a` and `b` are equal, compared in time independent of their content.
    public static func equals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
