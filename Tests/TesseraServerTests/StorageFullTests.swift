import HTTPTypes
import NIOConcurrencyHelpers
import Testing
import TesseraCore
import TesseraTestSupport

/// Below the free-space reserve every write is refused in each dialect's words (507, which SDKs
/// do not retry) while reads and deletes keep working; `/metrics` shows the free space and the reserve.
@Suite struct StorageFullTests {
    final class Gauge: CapacityGauge {
        let free = NIOLockedValueBox<Int64>(0)
        func availableBytes() -> Int64? { free.withLockedValue { $0 } }
    }

    @Test func writesAreRefusedBelowTheReserveAndDeletesStillWork() async throws {
        let gauge = Gauge()
        gauge.free.withLockedValue { $0 = 100 << 20 }
        let server = try await TestServer(.sqlite, capacity: gauge, minimumFreeBytes: 64 << 20)
        try await server.test { c in
            #expect(try await c.s3(.put, "/bkt").status == .ok)
            #expect(try await c.s3(.put, "/bkt/kept", body: "hello").status == .ok)
            let upload = try #require(try await c.s3(.post, "/bkt/m?uploads").elements("UploadId").first)

            gauge.free.withLockedValue { $0 = 60 << 20 }
            let insufficient = HTTPResponse.Status(code: 507)
            let put = try await c.s3(.put, "/bkt/new", body: "more")
            #expect(put.status == insufficient)
            #expect(put.elements("Code") == ["InsufficientStorage"])
            #expect(put.elements("Message").first?.contains("reserve of 67108864 bytes") == true)
            #expect(try await c.s3(.post, "/bkt/m2?uploads").status == insufficient)
            #expect(try await c.s3(.put, "/bkt/m?partNumber=1&uploadId=\(upload)", body: "part").status == insufficient)
            #expect(try await c.s3(.put, "/bkt/copy", body: "", unsigned: [HTTPField.Name("x-amz-copy-source")!: "/bkt/kept"]).status == insufficient)
            let bos = try await c.bos(.put, "/bkt/bos-key", body: "x")
            #expect(bos.status == insufficient)
            #expect(bos.json["code"] as? String == "InsufficientStorage")
            let ufile = try await c.ufile(.put, bucket: "bkt", key: "ufile-key", body: "x")
            #expect(ufile.status == insufficient)
            #expect(ufile.json["RetCode"] as? Int == -15013)

            // Reading, aborting and deleting need no room.
            #expect(try await c.s3(.get, "/bkt/kept").text == "hello")
            #expect(try await c.s3(.delete, "/bkt/m?uploadId=\(upload)").status == .noContent)
            #expect(try await c.s3(.delete, "/bkt/kept").status == .noContent)
            let metrics = try await c.raw(.get, "/metrics", [:]).text
            #expect(metrics.contains("tessera_storage_free_bytes 62914560"))
            #expect(metrics.contains("tessera_storage_free_bytes_reserve 67108864"))

            gauge.free.withLockedValue { $0 = 100 << 20 }
            #expect(try await c.s3(.put, "/bkt/new", body: "more").status == .ok)
        }
    }
}
