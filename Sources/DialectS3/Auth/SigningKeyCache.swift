import Crypto
import NIOConcurrencyHelpers

/// SigV4 signing keys already derived. A key depends only on the secret and the scope (date,
/// region, service), so a client signing many requests in a day needs it derived once instead
/// of four HMACs per request. Bounded: when full it starts over.
final class SigningKeyCache: Sendable {
    private struct Scope: Hashable {
        var secret: String, date: String, region: String, service: String
    }

    private let keys = NIOLockedValueBox([Scope: SymmetricKey]())
    private let capacity: Int

    init(capacity: Int = 1024) {
        self.capacity = capacity
    }

    /// The signing key for `secret` and the scope, derived on first use.
    func key(secret: String, date: String, region: String, service: String) -> SymmetricKey {
        let scope = Scope(secret: secret, date: date, region: region, service: service)
        if let key = keys.withLockedValue({ $0[scope] }) { return key }
        let key = SigV4.signingKey(secret: secret, date: date, region: region, service: service)
        keys.withLockedValue { keys in
            if keys.count >= capacity { keys.removeAll(keepingCapacity: true) }
            keys[scope] = key
        }
        return key
    }
}
