import Testing
import TesseraCore
import TesseraHTTP
@testable import TesseraServer

/// The admin API and the console answer failures with one mapping: the server's own trouble is
/// 5xx, everything a client caused is 4xx.
@Suite struct PlainErrorStatusTests {
    @Test func onlyTheServersOwnTroubleIs5xx() {
        let serverSide: Set<StorageError.Code> = [.internalError, .serviceUnavailable, .notImplemented, .insufficientStorage]
        for code in StorageError.Code.allCases {
            let status = PlainErrorStatus.status(code).code
            #expect(serverSide.contains(code) ? status >= 500 : (400..<500).contains(status), "\(code) → \(status)")
        }
        #expect(PlainErrorStatus.status(StorageError.Code.noSuchUpload) == .notFound)
        #expect(PlainErrorStatus.status(WireError.Code.signatureDoesNotMatch) == .forbidden)
        #expect(PlainErrorStatus.status(WireError.Code.malformedFraming) == .badRequest)
    }
}
