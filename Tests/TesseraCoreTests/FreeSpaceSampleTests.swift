import NIOConcurrencyHelpers
import Testing
import TesseraTestSupport
@testable import TesseraCore

/// The reserve check measures free space afresh near the reserve and reuses a recent measure
/// far from it: exact where it matters, one system call per write no more.
@Suite struct FreeSpaceSampleTests {
    /// A gauge that says what it is told and counts how often it is asked.
    final class Gauge: CapacityGauge {
        let state = NIOLockedValueBox<(free: Int64?, asked: Int)>((nil, 0))
        func availableBytes() -> Int64? { state.withLockedValue { $0.asked += 1; return $0.free } }
        func set(_ free: Int64?) { state.withLockedValue { $0.free = free } }
        var asked: Int { state.withLockedValue { $0.asked } }
    }

    func engine(_ gauge: Gauge, reserve: Int64) -> Engine {
        var configuration = EngineConfiguration()
        configuration.minimumFreeBytes = reserve
        return Engine(metadata: InMemoryMetadataStore(), blobs: InMemoryBlobStore(), configuration: configuration, capacity: gauge)
    }

    @Test func farFromTheReserveOneMeasureServesManyWrites() throws {
        let gauge = Gauge()
        gauge.set(100 << 30)
        let e = engine(gauge, reserve: 64 << 20)
        for _ in 0..<50 { try e.requireSpace(for: 1 << 20) }
        #expect(gauge.asked == 1)
        // A write whose declared size would bring the free space within the margin measures again.
        try e.requireSpace(for: 99 << 30)
        #expect(gauge.asked == 2)
    }

    @Test func nearTheReserveEveryWriteMeasuresAndIsRefusedAtOnce() throws {
        let gauge = Gauge()
        gauge.set(100 << 20)
        let e = engine(gauge, reserve: 64 << 20)
        try e.requireSpace(for: 4096)
        try e.requireSpace(for: 4096)
        #expect(gauge.asked == 2)
        gauge.set(60 << 20)
        #expect(throws: StorageError.self) { try e.requireSpace(for: 4096) }
        gauge.set(100 << 20)
        try e.requireSpace(for: nil)
        #expect(throws: StorageError.self) { try e.requireSpace(for: 40 << 20) }
        #expect(gauge.asked == 5)
    }

    /// A declared length is a request's number: one near Int64.max is refused as too large
    /// before the reserve is reckoned (reserve + length overflowed and stopped the server), and
    /// the reckoning itself holds at Int64.max.
    @Test func aDeclaredLengthNearInt64MaxIsTooLargeNotAnOverflow() async throws {
        let gauge = Gauge()
        gauge.set(100 << 30)
        let e = engine(gauge, reserve: 64 << 20)
        #expect(throws: StorageError.self) { try e.requireSpace(for: .max) }
        let bucket = try BucketName("bkt")
        _ = try await e.createBucket(bucket, region: "", caller: alice)
        for length: Int64 in [.max, .max - 1, .max - (64 << 20) + 1] {
            await #expect {
                _ = try await e.putObject(bucket: bucket, key: try ObjectKey("k"), body: .buffers([]), declaredLength: length,
                                          attributes: .init(), check: .none, caller: alice)
            } throws: { ($0 as? StorageError)?.code == .entityTooLarge }
        }
        let upload = try await e.createMultipartUpload(bucket: bucket, key: try ObjectKey("m"), attributes: .init(), checksumAlgorithm: nil,
                                                       dialect: .s3, caller: alice).upload
        await #expect {
            _ = try await e.uploadPart(bucket: bucket, key: upload.key, uploadID: upload.id, number: try PartNumber(1), body: .buffers([]),
                                       declaredLength: .max, check: .none, caller: alice)
        } throws: { ($0 as? StorageError)?.code == .entityTooLarge }
    }

    @Test func aMeasureExpires() async throws {
        let gauge = Gauge()
        gauge.set(100 << 30)
        let sample = FreeSpaceSample(lifetime: .milliseconds(20), margin: 1 << 30)
        #expect(!sample.isAmple(beyond: 0))
        #expect(sample.measure(gauge) == 100 << 30)
        #expect(sample.isAmple(beyond: 64 << 20))
        #expect(!sample.isAmple(beyond: 99 << 30 + 1))
        try await Task.sleep(for: .milliseconds(40))
        #expect(!sample.isAmple(beyond: 64 << 20))
    }

    @Test func anUnknownFreeSpaceRefusesNothing() throws {
        let gauge = Gauge()
        let e = engine(gauge, reserve: 64 << 20)
        try e.requireSpace(for: 1 << 40)
        try e.requireSpace(for: 1 << 40)
        #expect(gauge.asked == 2)
    }
}
