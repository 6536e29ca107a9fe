#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A range of IPv4 or IPv6 addresses in CIDR notation (`192.0.2.0/24`, `2001:db8::/32`; an
/// address alone is the range of that address): what a policy's `IpAddress` condition names.
public struct AddressRange: Hashable, Sendable {
    /// The network's bytes (4 or 16).
    let network: [UInt8]
    /// How many leading bits must match.
    let prefix: Int

    /// Parses `text`; `nil` if it is not an address or a CIDR range.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = Self.bytes(of: String(parts[0])) else { return nil }
        let bits = address.count * 8
        if parts.count == 2 {
            guard let p = Int(parts[1]), parts[1].allSatisfy(\.isASCII), p >= 0, p <= bits else { return nil }
            prefix = p
        } else {
            prefix = bits
        }
        network = address
    }

    /// Whether the range is every address of its family (`0.0.0.0/0`, `::/0`).
    public var isEverything: Bool { prefix == 0 }

    /// Whether `address` (text, IPv4 or IPv6) lies in the range. An IPv4 address given as
    /// IPv4-mapped IPv6 (`::ffff:192.0.2.1`, how a dual-stack socket reports it) counts as IPv4.
    public func contains(_ address: String) -> Bool {
        guard var a = Self.bytes(of: address) else { return false }
        if a.count == 16, network.count == 4, a[0..<10].allSatisfy({ $0 == 0 }), a[10] == 0xFF, a[11] == 0xFF {
            a = Array(a[12...])
        }
        guard a.count == network.count else { return false }
        var left = prefix
        for (x, y) in zip(a, network) where left > 0 {
            let mask: UInt8 = left >= 8 ? 0xFF : ~(0xFF >> UInt8(left))
            guard x & mask == y & mask else { return false }
            left -= 8
        }
        return true
    }

    /// The address's bytes (4 for IPv4, 16 for IPv6), or `nil`.
    static func bytes(of text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }
}
