import Foundation
import FuzzDriver

/// The executable's entry (SwiftPM links `main` to it): hands the arguments to libFuzzer's driver.
@_cdecl("TesseraFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    tessera_fuzz_run(argc, argv) { data, size in fuzzOneInput(data!, size) }
}

/// libFuzzer's callback (built only with `scripts/fuzz.sh`: `TESSERA_FUZZ=1`, `-sanitize=fuzzer`).
/// `TESSERA_FUZZ_TARGET` names the parser under test; every target must return normally for any
/// input — a crash, a trap or a broken invariant (a `precondition`) is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    FuzzTargets.selected(bytes)
    return 0
}

/// The targets by name.
enum FuzzTargets {
    static let all: [String: @Sendable ([UInt8]) -> Void] = [
        "xml": ParserTargets.xml,
        "s3-documents": ParserTargets.s3Documents,
        "bos-json": ParserTargets.bosJSON,
        "form": ParserTargets.form,
        "range-percent": ParserTargets.rangeAndPercent,
        "aws-chunked": StreamTargets.awsChunked,
        "form-stream": StreamTargets.formStream,
        "auth": RequestTargets.authorization,
        "s3-request": RequestTargets.signedS3Request,
        "bos-request": RequestTargets.signedBOSRequest,
        "ufile-request": RequestTargets.signedUFileRequest,
        "connection": ConnectionTargets.conversation,
    ]

    static let selected: @Sendable ([UInt8]) -> Void = {
        let name = ProcessInfo.processInfo.environment["TESSERA_FUZZ_TARGET"] ?? ""
        guard let target = all[name] else {
            FileHandle.standardError.write(Data("TESSERA_FUZZ_TARGET must be one of: \(all.keys.sorted().joined(separator: ", "))\n".utf8))
            exit(2)
        }
        return target
    }()
}

/// Runs async work to completion from libFuzzer's synchronous callback.
func blocking(_ body: @escaping @Sendable () async -> Void) {
    let done = DispatchSemaphore(value: 0)
    Task {
        await body()
        done.signal()
    }
    done.wait()
}
