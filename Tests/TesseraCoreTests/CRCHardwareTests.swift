import CTesseraCRC
import Foundation
import Testing
@testable import TesseraCore

/// CRC-32 by carry-less multiplication and CRC-32C by SSE 4.2 give exactly what the slicing-by-8
/// tables give, for every length, alignment and cut of the input, and are really taken on a CPU
/// that has the instructions.
@Suite struct CRCHardwareTests {
    static let check = Array("123456789".utf8)

    @Test func theStandardCheckValues() {
        var ieee = CRC32.ieee
        ieee.update(Self.check)
        #expect(ieee.value == 0xCBF4_3926)
        var castagnoli = CRC32.castagnoli
        castagnoli.update(Self.check)
        #expect(castagnoli.value == 0xE306_9283)
        // Long enough for the folding path (64 bytes and more): 1 MiB of a known pattern.
        let pattern = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ ($0 >> 8)) }
        var hw = CRC32.ieee, tables = CRC32.ieee.tablesOnly()
        hw.update(pattern)
        tables.update(pattern)
        #expect(hw.value == tables.value)
    }

    /// Property: random data of every length up to 600 bytes (and some far longer), at a random
    /// offset from an aligned start, fed in random pieces: hardware and tables agree.
    @Test(arguments: [ChecksumAlgorithm.crc32, .crc32c])
    func hardwareAgreesWithTheTables(_ algorithm: ChecksumAlgorithm) {
        let crc = algorithm == .crc32 ? CRC32.ieee : CRC32.castagnoli
        var rng = SystemRandomNumberGenerator()
        let lengths = Array(0...600) + (0..<40).map { _ in Int.random(in: 600...70_000, using: &rng) }
        for length in lengths {
            let offset = Int.random(in: 0...15, using: &rng)
            let data = (0..<(length + offset)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            var cuts = (0..<Int.random(in: 0...4, using: &rng)).map { _ in Int.random(in: offset...(offset + length), using: &rng) }
            cuts = ([offset] + cuts + [offset + length]).sorted()
            var hw = crc, tables = crc.tablesOnly()
            data.withUnsafeBytes { all in
                for (a, b) in zip(cuts, cuts.dropFirst()) {
                    hw.update(UnsafeRawBufferPointer(rebasing: all[a..<b]))
                    tables.update(UnsafeRawBufferPointer(rebasing: all[a..<b]))
                }
            }
            #expect(hw.value == tables.value, "length \(length), offset \(offset), cuts \(cuts)")
        }
    }

    @Test func theInstructionsAreUsedWhereTheCPUHasThem() throws {
        #if arch(x86_64) && os(Linux)
        let flags = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
            .split(separator: "\n").first { $0.hasPrefix("flags") }.map { Set($0.split(separator: " ").map(String.init)) } ?? []
        let data = [UInt8](repeating: 7, count: 100)
        var crc: UInt32 = 0xFFFF_FFFF
        let folded = data.withUnsafeBufferPointer { tessera_crc32_ieee_clmul(&crc, $0.baseAddress, $0.count) }
        #expect(folded == (flags.contains("pclmulqdq") && flags.contains("sse4_1") ? 96 : 0))
        let fed = data.withUnsafeBufferPointer { tessera_crc32c_sse42(&crc, $0.baseAddress, $0.count) }
        #expect(fed == (flags.contains("sse4_2") ? 100 : 0))
        // Under 64 bytes the tables do it all.
        #expect(data.withUnsafeBufferPointer { tessera_crc32_ieee_clmul(&crc, $0.baseAddress, 63) } == 0)
        #endif
    }
}
