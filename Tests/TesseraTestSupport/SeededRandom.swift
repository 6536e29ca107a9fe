/// A deterministic random generator (SplitMix64), so property tests reproduce from their seed.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    /// The seed it started from (print it to replay a failure).
    public let seed: UInt64
    private var state: UInt64

    /// A generator from `seed`.
    public init(seed: UInt64) {
        self.seed = seed
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Seeds for property tests: the fixed ones a test names, or the one in `TESSERA_SEED` alone
/// (to replay a failure whose seed the test printed in its failure message).
public enum TestSeeds {
    /// `TESSERA_SEED` if set, else `defaults`.
    public static func seeds(_ defaults: [UInt64]) -> [UInt64] {
        if let text = ProcessInfoLite.environment("TESSERA_SEED"), let seed = UInt64(text) { return [seed] }
        return defaults
    }

    /// The message that goes with a property failure: how to replay it.
    public static func replay(_ seed: UInt64) -> String { "seed \(seed) (replay with TESSERA_SEED=\(seed))" }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads one environment variable without Foundation.
enum ProcessInfoLite {
    static func environment(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
}
