import Synchronization

/// Request ids: 16 upper-case hex digits, unique per request of a process and unpredictable
/// across processes.
///
/// Each id is a counter mixed with a random seed by SplitMix64's finalizer, a bijection of 64-bit
/// values: no two requests of one process share an id, and two gateways collide no more often
/// than random ids would. An id asked the system generator for 8 random bytes (a `getrandom`
/// call a request) and was then upper-cased through `String.uppercased()`'s Unicode path.
public final class RequestIDs: Sendable {
    private let seed: UInt64
    private let counter = Atomic<UInt64>(0)

    /// Ids of a fresh random seed (from the system generator, once).
    public convenience init() {
        var generator = SystemRandomNumberGenerator()
        self.init(seed: generator.next())
    }

    /// Ids of `seed` (tests: two generators of one seed give the same ids).
    public init(seed: UInt64) {
        self.seed = seed
    }

    /// The next id.
    public func next() -> String {
        let n = counter.add(1, ordering: .relaxed).newValue
        let value = Self.mix(seed &+ n &* 0x9E37_79B9_7F4A_7C15)
        return String(unsafeUninitializedCapacity: 16) { out in
            for i in 0..<16 {
                let digit = UInt8(truncatingIfNeeded: value >> (60 - 4 * UInt64(i))) & 0x0F
                out[i] = digit < 10 ? 48 + digit : 55 + digit
            }
            return 16
        }
    }

    /// SplitMix64's finalizer: invertible, so distinct inputs give distinct outputs.
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
