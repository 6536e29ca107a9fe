import Testing
import TesseraCore
import TesseraTestSupport

/// What every MetadataStore keeps of S3's checksum model: an upload's checksum type (listed as
/// well as read by id) and the per-part checksums of a multipart object's manifest.
@Suite struct ChecksumContractTests {
    @Test(arguments: StoreKind.allCases)
    func uploadChecksumTypeRoundTrips(_ kind: StoreKind) async throws {
        let s = try await kind.make()
        let b = try await bucket(s)
        var full = try upload(b, "full", "1")
        full.checksumType = .fullObject
        let composite = try upload(b, "comp", "2")
        var none = try upload(b, "none", "3")
        none.checksumAlgorithm = nil
        none.checksumType = nil
        for u in [full, composite, none] { try await s.createUpload(u) }
        #expect(try await s.upload(bucket: b, id: full.id)?.checksumType == .fullObject)
        #expect(try await s.upload(bucket: b, id: composite.id)?.checksumType == .composite)
        #expect(try await s.upload(bucket: b, id: none.id)?.checksumType == nil)
        let listed = try await s.listUploads(bucket: b, from: .start, prefix: [], limit: 10)
        #expect(listed.map(\.checksumType) == [.composite, .fullObject, nil])
    }

    @Test(arguments: StoreKind.allCases)
    func manifestSegmentChecksumsRoundTrip(_ kind: StoreKind) async throws {
        let s = try await kind.make()
        let b = try await bucket(s)
        var o = try object(b, "multi", size: 30)
        o.uploadID = UploadID("u")
        o.checksums = [Checksum(algorithm: .crc64nvme, base64: "AAAAAAAAAAA=")]
        o.manifest = [Segment(blob: BlobID("a"), size: 10, checksum: Checksum(algorithm: .crc64nvme, base64: "AQIDBAUGBwg=")),
                      Segment(blob: BlobID("b"), size: 20, checksum: Checksum(algorithm: .crc64nvme, base64: "+/+/+/+/+/8=")),
                      Segment(blob: BlobID("c"), size: 0)]
        try await s.putObject(o)
        #expect(try await s.object(bucket: b, key: o.key) == o)
    }
}
