import Crypto
import NIOConcurrencyHelpers

/// SigV4 signing keys already derived. A key depends only on the secret and the scope (date,
/// region, service), so a client signing many requests in a day needs it derived once instead
/// of four HMACs per request. Bounded: when full it starts over.
///
/// Each key is kept with an HMAC already keyed with it: keying hashes the padded key twice,
/// 15,600 instructions of a request (callgrind, docs/benchmarks.md); a copy of the keyed state
/// (copy-on-write) costs a fraction of that.
final class SigningKeyCache: Sendable {
    private struct Scope: Hashable {
        var secret: String, date: String, region: String, service: String
    }

    private struct Entry {
        var key: SymmetricKey, mac: HMAC<SHA256>
    }

    private let keys = NIOLockedValueBox([Scope: Entry]())
    private let capacity: Int

    init(capacity: Int = 1024) {
        self.capacity = capacity
    }

    /// The signing key for `secret` and the scope, derived on first use.
    func key(secret: String, date: String, region: String, service: String) -> SymmetricKey {
        entry(secret: secret, date: date, region: region, service: service).key
    }

    /// An HMAC-SHA256 keyed with that signing key, ready for the string to sign.
    func mac(secret: String, date: String, region: String, service: String) -> HMAC<SHA256> {
        entry(secret: secret, date: date, region: region, service: service).mac
    }

    private func entry(secret: String, date: String, region: String, service: String) -> Entry {
        let scope = Scope(secret: secret, date: date, region: region, service: service)
        if let entry = keys.withLockedValue({ $0[scope] }) { return entry }
        let key = SigV4.signingKey(secret: secret, date: date, region: region, service: service)
        let entry = Entry(key: key, mac: HMAC<SHA256>(key: key))
        keys.withLockedValue { keys in
            if keys.count >= capacity { keys.removeAll(keepingCapacity: true) }
            keys[scope] = entry
        }
        return entry
    }
}
